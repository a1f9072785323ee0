// Which command class serves which API. The families list their commands in
// api/commands.ts; the REST layer answers 501 for any API not found here.
import { Injectable } from '@nestjs/common';
import type { ApiCommandClass } from './api-command.js';
import { API_COMMANDS } from './commands.js';

@Injectable()
export class ApiCommandRegistry {
  private readonly byApi = new Map<string, ApiCommandClass>(API_COMMANDS.map((c) => [c.api, c]));

  get(apiName: string): ApiCommandClass | undefined {
    return this.byApi.get(apiName);
  }

  has(apiName: string): boolean {
    return this.byApi.has(apiName);
  }

  names(): string[] {
    return [...this.byApi.keys()];
  }
}
