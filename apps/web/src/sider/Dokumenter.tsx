import { Button, Details, Heading, Paragraph, Table, Tag } from '@digdir/designsystemet-react';
import { useCallback, useEffect, useState } from 'react';
import { api, lastNed, type Skjema } from '../api/klient';
import { dato } from '../format';
import { useOekt } from '../oekt';
import { StegSkjema } from '../StegSkjema';

type Dokumentflyt = Skjema<'DokumentArbeidsflytDto'>;
type Dokumentsteg = Dokumentflyt['steg'][number];

interface Hvem {
  readonly personId: string;
  readonly personNavn: string | null;
  readonly organNavn: string | null;
  readonly rollenavn: string;
}

/** One document as GET /saker/{sakId}/dokumenter gives it. */
interface Dokumentrad {
  readonly dokumentId: string;
  readonly tittel: string;
  readonly tilknytningsrolle: 'hoveddokument' | 'vedlegg';
  readonly tilknytning: { readonly type: string };
  readonly skjermingshjemmel?: string;
  readonly antallVersjoner: number;
  readonly registrertAv?: Hvem;
  readonly gjeldendeVersjon: { readonly versjonsnummer: number; readonly formatnavn?: string; readonly format: string; readonly filnavn: string; readonly filstoerrelse: number; readonly gjelderFra?: string; readonly lastetOppAv?: Hvem };
}

const ROLLENAVN = { hoveddokument: 'Hoveddokument', vedlegg: 'Vedlegg' } as const;
const TILKNYTNINGSNAVN: Record<string, string> = { sak: 'Saken', leveranse: 'Leveranse på et oppdrag', hoeringssvar: 'Høringssvar', moetepunkt: 'Sakslistepunkt' };

/** 2 400 byte, 12,5 kB, 3,1 MB. */
export function stoerrelse(bytes: number): string {
  if (bytes < 1000) return `${bytes} byte`;
  const kb = bytes / 1024;
  if (kb < 1000) return `${kb.toFixed(1).replace('.', ',')} kB`;
  return `${(kb / 1024).toFixed(1).replace('.', ',')} MB`;
}

function hvem(h: Hvem | undefined): string {
  if (!h) return '';
  return `${h.personNavn ?? 'Ukjent person'}, ${h.rollenavn.toLowerCase()}${h.organNavn ? ` i ${h.organNavn}` : ''}`;
}

let flythentet: Promise<Dokumentflyt | undefined> | undefined;

/**
 * A sak's documents (its own, its deliveries', its hearing answers'): the list with download, and the
 * upload of a new document and of a new version — both forms made from the document workflow's
 * declaration (GET /dokumenter/arbeidsflyt) by the shared StegSkjema. The service decides what the
 * reader sees: an exempt document is listed only for those who may read the sak's exempt information.
 */
export function Dokumenter({ sakId, kanEndre, etterEndring }: { sakId: string; /** The reader reads the sak in full (a body that handled it, the sekretariat): the upload forms are shown; the service still decides. */ kanEndre: boolean; etterEndring?: () => void }) {
  const oekt = useOekt();
  const [flyt, settFlyt] = useState<Dokumentflyt>();
  const [dokumenter, settDokumenter] = useState<Dokumentrad[]>();
  const [melding, settMelding] = useState<string>();

  useEffect(() => {
    if (!oekt) return;
    flythentet ??= api.GET('/dokumenter/arbeidsflyt').then(({ data }) => {
      if (!data) flythentet = undefined;
      return data;
    });
    let aktiv = true;
    void flythentet.then((d) => aktiv && d && settFlyt(d));
    return () => {
      aktiv = false;
    };
  }, [oekt]);

  const hent = useCallback(
    async (minPosition?: string) => {
      const { data } = await api.GET('/saker/{sakId}/dokumenter', { params: { path: { sakId }, query: minPosition ? { minPosition } : {} } });
      settDokumenter(((data as { dokumenter?: Dokumentrad[] } | undefined)?.dokumenter ?? []) as Dokumentrad[]);
    },
    [sakId],
  );
  useEffect(() => {
    void hent();
  }, [hent, oekt?.handlerFor?.organId, oekt?.handlerFor?.rolle]);

  const steg = (navn: string): Dokumentsteg | undefined => flyt?.steg.find((s) => s.steg === navn);
  const registrer = steg('RegistrerDokument');
  const nyVersjon = steg('LeggTilDokumentversjon');
  const filbeskrivelse = flyt ? `Tillatt: ${flyt.formater.map((f) => f.navn).join(', ')}. Formatet kontrolleres ut fra innholdet. Største fil: ${stoerrelse(flyt.maksBytes)}.` : undefined;
  const ferdig = (tekst: string) => (svar: unknown) => {
    settMelding(tekst);
    void hent((svar as { position?: string } | undefined)?.position ?? undefined);
    etterEndring?.();
  };

  return (
    <section className="stabel" aria-labelledby="dokumenter">
      <Heading level={2} data-size="md" id="dokumenter">
        Dokumenter
      </Heading>
      {melding && (
        <Paragraph role="status" data-color="success">
          {melding}
        </Paragraph>
      )}
      {dokumenter && dokumenter.length === 0 && <Paragraph>Saken har ingen dokumenter som du kan se.</Paragraph>}
      {dokumenter && dokumenter.length > 0 && (
        <div className="tabell-rulle">
          <Table zebra>
            <caption className="skjult">Sakens dokumenter, eldste først</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>Tittel</Table.HeaderCell>
                <Table.HeaderCell>Rolle</Table.HeaderCell>
                <Table.HeaderCell>Format</Table.HeaderCell>
                <Table.HeaderCell>Størrelse</Table.HeaderCell>
                <Table.HeaderCell>Versjon</Table.HeaderCell>
                <Table.HeaderCell>Dato</Table.HeaderCell>
                <Table.HeaderCell>Lastet opp av</Table.HeaderCell>
                <Table.HeaderCell>Fil</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {dokumenter.map((d) => {
                const g = d.gjeldendeVersjon;
                return (
                  <Table.Row key={d.dokumentId}>
                    <Table.Cell>
                      {d.tittel}
                      {d.tilknytning.type !== 'sak' && <div className="liten">{TILKNYTNINGSNAVN[d.tilknytning.type] ?? d.tilknytning.type}</div>}
                      {d.skjermingshjemmel && (
                        <div>
                          <Tag data-color="warning">Skjermet: {d.skjermingshjemmel}</Tag>
                        </div>
                      )}
                    </Table.Cell>
                    <Table.Cell>{ROLLENAVN[d.tilknytningsrolle] ?? d.tilknytningsrolle}</Table.Cell>
                    <Table.Cell>{g.formatnavn ?? g.format}</Table.Cell>
                    <Table.Cell>{stoerrelse(g.filstoerrelse)}</Table.Cell>
                    <Table.Cell>{d.antallVersjoner > 1 ? `${g.versjonsnummer} av ${d.antallVersjoner}` : String(g.versjonsnummer)}</Table.Cell>
                    <Table.Cell>{dato(g.gjelderFra)}</Table.Cell>
                    <Table.Cell>{hvem(g.lastetOppAv ?? d.registrertAv)}</Table.Cell>
                    <Table.Cell>
                      <Button variant="secondary" data-size="sm" onClick={() => void lastNed(`/dokumenter/${encodeURIComponent(d.dokumentId)}/innhold`, g.filnavn)} aria-label={`Last ned «${d.tittel}» (${g.filnavn})`}>
                        Last ned
                      </Button>
                    </Table.Cell>
                  </Table.Row>
                );
              })}
            </Table.Body>
          </Table>
        </div>
      )}
      {oekt?.handlerFor && kanEndre && registrer && (
        <Details>
          <Details.Summary>{registrer.tittel}</Details.Summary>
          <Details.Content>
            <StegSkjema
              steg={registrer}
              sti={registrer.http.path}
              stivalg={{}}
              skjulte={{ tilknytningstype: 'sak', sakId, oppdragId: undefined, hoeringId: undefined, partId: undefined, moeteId: undefined, punktId: undefined }}
              fil={{ etikett: 'Filen', ...(filbeskrivelse ? { beskrivelse: filbeskrivelse } : {}) }}
              utkastnoekkel={`saksgang.utkast.${sakId}.RegistrerDokument`}
              onFerdig={ferdig(`Registrert: ${registrer.tittel}.`)}
            />
          </Details.Content>
        </Details>
      )}
      {oekt?.handlerFor && kanEndre && nyVersjon && dokumenter && dokumenter.length > 0 && (
        <Details>
          <Details.Summary>{nyVersjon.tittel}</Details.Summary>
          <Details.Content>
            <StegSkjema
              steg={nyVersjon}
              sti={nyVersjon.http.path}
              stivalg={{ dokumentId: dokumenter.map((d) => ({ verdi: d.dokumentId, tekst: `${d.tittel} (versjon ${d.gjeldendeVersjon.versjonsnummer})` })) }}
              fil={{ etikett: 'Filen', ...(filbeskrivelse ? { beskrivelse: filbeskrivelse } : {}) }}
              utkastnoekkel={`saksgang.utkast.${sakId}.LeggTilDokumentversjon`}
              onFerdig={ferdig(`Registrert: ${nyVersjon.tittel}.`)}
            />
          </Details.Content>
        </Details>
      )}
    </section>
  );
}
