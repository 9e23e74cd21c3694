import { Command } from '@nestjs/cqrs';
import type { DomainCommand } from '@saksgang/domain';
import type { CommandEnvelope, CommandResult } from '../command-path/command-path.js';

/** A workflow step on a sak (any `sakDecider` command), sent through the CommandBus. */
export class UtfoerSakssteg extends Command<CommandResult> {
  constructor(readonly envelope: CommandEnvelope<DomainCommand>) {
    super();
  }
}

/** A change to the organisation (any `organDecider` command). */
export class UtfoerOrgansteg extends Command<CommandResult> {
  constructor(readonly envelope: CommandEnvelope<DomainCommand>) {
    super();
  }
}
