// Where hosts' agents reach this node over HTTP (the end of a long call). The hypervisor
// plug-in that owns the callback plumbing serves its path here, so the node's HTTP entry
// (main.ts) does not import the plug-in.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
import { notFound } from '../rest/http-io.js';

export type AgentRouteHandler = (req: IncomingMessage, res: ServerResponse, rest: string) => Promise<void>;

@Injectable()
export class HostAgentRoutes {
  private readonly routes: { prefix: string; handler: AgentRouteHandler }[] = [];

  serve(prefix: string, handler: AgentRouteHandler): void {
    this.routes.push({ prefix, handler });
  }

  /** Serves a POST below a served prefix; false when the path is not one of them. */
  handle(req: IncomingMessage, res: ServerResponse, pathname: string): boolean {
    const route = req.method === 'POST' ? this.routes.find((r) => pathname.startsWith(r.prefix)) : undefined;
    if (!route) return false;
    void route.handler(req, res, pathname.slice(route.prefix.length)).catch(() => notFound(res, 'bad agent callback'));
    return true;
  }
}
