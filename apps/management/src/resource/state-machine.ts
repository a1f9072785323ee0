// A named state machine: the states a resource can be in, the events that move it, and
// nothing else. An event that does not apply in the current state is refused with a
// clear error instead of silently doing nothing.
import { ApiError } from '#contract';

export class StateMachine<S extends string, E extends string> {
  constructor(
    readonly name: string,
    private readonly transitions: Readonly<Record<S, Partial<Record<E, S>>>>,
  ) {}

  next(current: S, event: E): S {
    const target = this.transitions[current]?.[event];
    if (target === undefined) {
      throw ApiError.operation(`${this.name}: event "${event}" is not allowed in state ${current}`);
    }
    return target;
  }

  states(): S[] {
    return Object.keys(this.transitions) as S[];
  }
}

/** Enabled/Disabled, as zones, clusters and storage have it. Enabling an enabled
 *  resource is accepted and changes nothing, as in ZStack. */
export type EnableState = 'Enabled' | 'Disabled';
export type EnableEvent = 'enable' | 'disable';

export function enableStateMachine(name: string): StateMachine<EnableState, EnableEvent> {
  return new StateMachine<EnableState, EnableEvent>(name, {
    Enabled: { enable: 'Enabled', disable: 'Disabled' },
    Disabled: { enable: 'Enabled', disable: 'Disabled' },
  });
}
