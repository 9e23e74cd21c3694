import { CommandHandler, type ICommandHandler, type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Inject } from '@nestjs/common';
import { organDecider, sakDecider, type SakCommand, type OrganCommand } from '@saksgang/domain';
import { CommandPath, type CommandResult } from '../command-path/command-path.js';
import { UtfoerOrgansteg, UtfoerSakssteg } from './aggregate-command.js';
import { HentOrgan, HentSak, type OrganView, type SakView } from './queries.js';
import { SakReader } from './sak-reader.js';

/** Thin: the generic command path does the work. */
@CommandHandler(UtfoerSakssteg)
export class UtfoerSaksstegHandler implements ICommandHandler<UtfoerSakssteg, CommandResult> {
  constructor(@Inject(CommandPath) private readonly path: CommandPath) {}
  execute(c: UtfoerSakssteg): Promise<CommandResult> {
    return this.path.execute(sakDecider, { ...c.envelope, command: c.envelope.command as SakCommand });
  }
}

@CommandHandler(UtfoerOrgansteg)
export class UtfoerOrganstegHandler implements ICommandHandler<UtfoerOrgansteg, CommandResult> {
  constructor(@Inject(CommandPath) private readonly path: CommandPath) {}
  execute(c: UtfoerOrgansteg): Promise<CommandResult> {
    return this.path.execute(organDecider, { ...c.envelope, command: c.envelope.command as OrganCommand });
  }
}

@QueryHandler(HentSak)
export class HentSakHandler implements IQueryHandler<HentSak, SakView> {
  constructor(@Inject(SakReader) private readonly reader: SakReader) {}
  execute(q: HentSak): Promise<SakView> {
    return this.reader.hentSak(q.sakId, q.aktoer, q.leser);
  }
}

@QueryHandler(HentOrgan)
export class HentOrganHandler implements IQueryHandler<HentOrgan, OrganView> {
  constructor(@Inject(SakReader) private readonly reader: SakReader) {}
  execute(q: HentOrgan): Promise<OrganView> {
    return this.reader.hentOrgan(q.organId);
  }
}
