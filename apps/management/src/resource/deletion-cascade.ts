// Deleting a resource takes its children with it (a zone its clusters, a cluster its
// hosts), as ZStack's cascade does. Each child family registers how it checks and
// deletes the children of a parent type; the parent family never imports the child.
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

export type DeleteMode = 'Permissive' | 'Enforcing';

export interface CascadeStep {
  /** The child family, for error messages. */
  child: string;
  /** Permissive mode asks every step first; a reason refuses the whole deletion. */
  refuse?(tx: EntityManager, parentUuids: readonly string[]): Promise<string | null>;
  /** Deletes the children of these parents (and, through the cascade, theirs). */
  delete(tx: EntityManager, parentUuids: readonly string[], mode: DeleteMode): Promise<void>;
}

@Injectable()
export class DeletionCascade {
  private readonly steps = new Map<string, CascadeStep[]>();

  register(parentResource: string, step: CascadeStep): void {
    this.steps.set(parentResource, [...(this.steps.get(parentResource) ?? []), step]);
  }

  /** Why the children of these parents cannot go, in Permissive mode; null when they can. */
  async refusal(tx: EntityManager, parentResource: string, parentUuids: readonly string[]): Promise<string | null> {
    for (const step of this.steps.get(parentResource) ?? []) {
      const reason = await step.refuse?.(tx, parentUuids);
      if (reason) return `${step.child}: ${reason}`;
    }
    return null;
  }

  async deleteChildren(tx: EntityManager, parentResource: string, parentUuids: readonly string[], mode: DeleteMode): Promise<void> {
    for (const step of this.steps.get(parentResource) ?? []) await step.delete(tx, parentUuids, mode);
  }
}
