import type {
  AllSubscription,
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  JsonObject,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StoreHealth,
  SubscribeToAllOptions,
} from '@saksgang/event-store';

/**
 * Event versioning. Every event type has a current schema version; events record theirs in
 * `metadata.schemaVersion` (the command path writes 1 today). An upcaster turns the data (and, if it
 * must, the metadata) of version n into version n + 1; reading through {@link UpcastingEventStore}
 * applies them in turn, so code only ever sees the current shape. Stored events are never rewritten:
 * their hash covers what was recorded, so `verify` and exports read the store directly, not through
 * the upcasting reader.
 *
 * An event without `metadata.schemaVersion` is taken to be of version
 * {@link EventTypeRegistryOptions.versionWhenMissing} (default 0: written before versions were recorded).
 * An upcasted event has `metadata.schemaVersion` = the current version and
 * `metadata.upcastedFrom` = the stored version.
 */
export type Upcaster = (event: { readonly data: JsonObject; readonly metadata: JsonObject }) => { readonly data: JsonObject; readonly metadata?: JsonObject };

export interface EventTypeDefinition {
  readonly type: string;
  readonly currentVersion: number;
  /** `upcasters[n]` turns version n into n + 1; every version from the oldest supported up to current − 1 needs one. */
  readonly upcasters?: Readonly<Record<number, Upcaster>>;
  /** Oldest version that can still be read (default: the lowest version with an upcaster, else current). */
  readonly oldestVersion?: number;
}

export interface EventTypeRegistryOptions {
  readonly versionWhenMissing?: number;
  /** What to do with a type the registry does not know: pass it through unchanged (default) or throw. */
  readonly unknownTypes?: 'pass' | 'throw';
}

export class UnsupportedEventVersionError extends Error {
  constructor(
    readonly eventType: string,
    readonly version: number,
    readonly detail: string,
  ) {
    super(`Cannot read ${eventType} of schema version ${version}: ${detail}`);
    this.name = 'UnsupportedEventVersionError';
  }
}

export class EventTypeRegistry {
  private readonly types = new Map<string, EventTypeDefinition>();
  readonly versionWhenMissing: number;
  private readonly unknownTypes: 'pass' | 'throw';

  constructor(definitions: readonly EventTypeDefinition[] = [], options: EventTypeRegistryOptions = {}) {
    this.versionWhenMissing = options.versionWhenMissing ?? 0;
    this.unknownTypes = options.unknownTypes ?? 'pass';
    for (const d of definitions) this.register(d);
  }

  register(definition: EventTypeDefinition): this {
    if (!Number.isInteger(definition.currentVersion) || definition.currentVersion < 0) throw new Error(`${definition.type}: currentVersion must be a whole number ≥ 0`);
    if (this.types.has(definition.type)) throw new Error(`${definition.type} is already registered`);
    const versions = Object.keys(definition.upcasters ?? {}).map(Number);
    for (const v of versions) if (v >= definition.currentVersion) throw new Error(`${definition.type}: an upcaster from version ${v} is not below the current version ${definition.currentVersion}`);
    const oldest = definition.oldestVersion ?? (versions.length ? Math.min(...versions) : definition.currentVersion);
    for (let v = oldest; v < definition.currentVersion; v++) {
      if (!definition.upcasters?.[v]) throw new Error(`${definition.type}: no upcaster from version ${v} to ${v + 1}`);
    }
    this.types.set(definition.type, { ...definition, oldestVersion: oldest });
    return this;
  }

  definition(type: string): EventTypeDefinition | undefined {
    return this.types.get(type);
  }

  get registeredTypes(): string[] {
    return [...this.types.keys()].sort();
  }

  /** The schema version an event was stored with. */
  versionOf(metadata: JsonObject): number {
    const v = metadata['schemaVersion'];
    return typeof v === 'number' && Number.isInteger(v) ? v : this.versionWhenMissing;
  }

  /** The event in its type's current shape. Events already current are returned as they are. */
  upcast(event: RecordedEvent): RecordedEvent {
    const def = this.types.get(event.type);
    if (!def) {
      if (this.unknownTypes === 'throw') throw new UnsupportedEventVersionError(event.type, this.versionOf(event.metadata), 'the type is not registered');
      return event;
    }
    const stored = this.versionOf(event.metadata);
    if (stored === def.currentVersion) return event;
    if (stored > def.currentVersion) throw new UnsupportedEventVersionError(event.type, stored, `this code knows up to version ${def.currentVersion}; upgrade saksgang`);
    if (stored < (def.oldestVersion ?? def.currentVersion)) throw new UnsupportedEventVersionError(event.type, stored, `the oldest readable version is ${def.oldestVersion}`);
    let data = event.data;
    let metadata = event.metadata;
    for (let v = stored; v < def.currentVersion; v++) {
      const next = def.upcasters![v]!({ data, metadata });
      data = next.data;
      if (next.metadata) metadata = next.metadata;
    }
    return { ...event, data, metadata: { ...metadata, schemaVersion: def.currentVersion, upcastedFrom: stored } };
  }
}

/**
 * The event types saksgang writes today, all at schema version 1 (the first recorded version). When
 * an event's shape changes, raise its `currentVersion` here and add the upcaster from the previous
 * version. Version 0 means "stored without a schemaVersion": none of these accept it yet.
 */
export const SAKSGANG_EVENT_TYPES: readonly string[] = [
  'SakRegistrert', 'NivaaTildelt', 'UtredningBestilt', 'BestillingMottatt', 'OppdragDelegert', 'OppdragAkseptert',
  'UtsattFristBedt', 'UtsattFristInnvilget', 'UtsattFristAvslaatt', 'OppdragLevert', 'LeveranseGodtatt', 'LeveranseReturnert',
  'InnstillingAvgitt', 'SattPaaSaksliste', 'VedtakFattet', 'SendtTilOppfoelging', 'OppfoelgingRapportert', 'OppfoelgingFullfoert',
  'SakAvsluttet', 'SakTrukket', 'SakGjenaapnet', 'OpplysningKorrigert',
  'OrganOpprettet', 'OrganOmdoept', 'OrganMandatEndret', 'OrganNedlagt', 'MedlemOppnevnt', 'MedlemsperiodeAvsluttet',
  'MoetesaksnummerTildelt',
];

/** A registry of saksgang's event types at their current versions; pass extra definitions to override. */
export function saksgangEventRegistry(overrides: readonly EventTypeDefinition[] = [], options: EventTypeRegistryOptions = {}): EventTypeRegistry {
  const byType = new Map(overrides.map((d) => [d.type, d]));
  const defs = SAKSGANG_EVENT_TYPES.map((type) => byType.get(type) ?? { type, currentVersion: 1 });
  for (const d of overrides) if (!SAKSGANG_EVENT_TYPES.includes(d.type)) defs.push(d);
  return new EventTypeRegistry(defs, options);
}

/** An {@link EventStore} whose reads return every event in its current shape. Appends pass through. */
export class UpcastingEventStore implements EventStore {
  constructor(
    private readonly inner: EventStore,
    readonly registry: EventTypeRegistry,
  ) {}

  get backend(): string {
    return this.inner.backend;
  }

  appendToStream(streamName: string, events: readonly EventToAppend[], options: { readonly expectedRevision: ExpectedRevision }): Promise<AppendResult> {
    return this.inner.appendToStream(streamName, events, options);
  }

  async readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return (await this.inner.readStream(streamName, options)).map((e) => this.registry.upcast(e));
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return (await this.inner.readAll(options)).map((e) => this.registry.upcast(e));
  }

  headPosition(): Promise<Position> {
    return this.inner.headPosition();
  }

  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription {
    const inner = this.inner.subscribeToAll(options);
    const registry = this.registry;
    return {
      unsubscribe: () => inner.unsubscribe(),
      async *[Symbol.asyncIterator]() {
        for await (const e of inner) yield registry.upcast(e);
      },
    };
  }

  health(): Promise<StoreHealth> {
    return this.inner.health();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
