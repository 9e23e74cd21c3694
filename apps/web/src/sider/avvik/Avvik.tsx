/**
 * The avvik pages (issue 19): the acting body's avvik with its restanser, «Meld avvik», the quarter's
 * figures (and, for a fagråd or ASU, «Åpne forbedringssak» from chosen avvik); and one avvik with the
 * steps the person may take now. Every form is made from the declaration (GET /avvik/arbeidsflyt) by
 * the shared StegSkjema; nothing about a step is restated here.
 */
import { Alert, Button, Checkbox, Details, Field, Fieldset, Heading, Label, Paragraph, Select, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, feiltekst, postSteg, type Problem } from '../../api/klient';
import { langDato } from '../../format';
import { useOekt } from '../../oekt';
import { organnavn, useOrganer } from '../../organer';
import { StegSkjema, type Valg } from '../../StegSkjema';
import { KreverHandlerFor, Lenke, Side } from '../felles';
import { STATUSTEKST, useAvviksflyt } from './avviksflyt';

interface AvvikIListe {
  readonly avvikId: string;
  readonly meldernavn: string;
  readonly motpartnavn: string;
  readonly kategori: string;
  readonly kategorinavn: string;
  readonly tjenesteavtale: string;
  readonly status: string;
  readonly statusTekst: string;
  readonly meldt: string;
  readonly svarfrist: string;
  readonly forfalt: boolean;
  readonly forbedringssaker: readonly { readonly sakId: string; readonly tittel: string }[];
}

function kvartalNaa(): { aar: number; kvartal: number } {
  const d = new Date();
  return { aar: d.getFullYear(), kvartal: Math.floor(d.getMonth() / 3) + 1 };
}

type Statistikken = NonNullable<Awaited<ReturnType<typeof hentStatistikk>>>;
type Dimensjon = keyof Statistikken['etter'];

/** The four tables the fagråd presents to ASU: by reporting party, receiving party, category and tjenesteavtale. */
const DIMENSJONER: readonly { readonly d: Dimensjon; readonly tekst: string; readonly kolonne: string }[] = [
  { d: 'melder', tekst: 'Avvik etter melder', kolonne: 'Melder' },
  { d: 'mottaker', tekst: 'Avvik etter mottaker', kolonne: 'Mottaker' },
  { d: 'kategori', tekst: 'Avvik etter kategori', kolonne: 'Kategori' },
  { d: 'tjenesteavtale', tekst: 'Avvik etter tjenesteavtale', kolonne: 'Tjenesteavtale' },
];

const desimal = (n: number | null) => (n === null ? '–' : String(n).replace('.', ','));

function Tallrad({ navn, g }: { navn: string; g: Statistikken['totalt'] }) {
  return (
    <Table.Row>
      <Table.HeaderCell scope="row">{navn}</Table.HeaderCell>
      <Table.Cell>{g.antall}</Table.Cell>
      <Table.Cell>{g.besvart}</Table.Cell>
      <Table.Cell>{desimal(g.medianSvartidDager)}</Table.Cell>
      <Table.Cell>{g.forfalt}</Table.Cell>
      <Table.Cell>{g.besvartEtterFrist}</Table.Cell>
      <Table.Cell>{g.medForbedringssak}</Table.Cell>
    </Table.Row>
  );
}

/** The figures of a quarter (or a year): in total, the four tables, and the chart. Figures only: public like the statistics endpoint. */
function Statistikk() {
  const naa = kvartalNaa();
  const [aar, settAar] = useState(naa.aar);
  const [kvartal, settKvartal] = useState<number | undefined>(naa.kvartal);
  const [s, settS] = useState<Statistikken>();
  useEffect(() => {
    void hentStatistikk(aar, kvartal).then(settS);
  }, [aar, kvartal]);
  const periode = kvartal ? `${kvartal}. kvartal ${aar}` : `${aar}`;
  const aarene = Array.from({ length: naa.aar - 2017 + 1 }, (_, i) => naa.aar - i);
  const spoerring = `aar=${aar}${kvartal ? `&kvartal=${kvartal}` : ''}`;
  return (
    <section className="stabel" aria-labelledby="tall">
      <Heading level={2} data-size="md" id="tall">
        Tall for {periode}
      </Heading>
      <div className="rad">
        <Field>
          <Label htmlFor="tall-aar">År</Label>
          <Select id="tall-aar" value={String(aar)} onChange={(e) => settAar(Number(e.target.value))}>
            {aarene.map((a) => (
              <Select.Option key={a} value={String(a)}>
                {a}
              </Select.Option>
            ))}
          </Select>
        </Field>
        <Field>
          <Label htmlFor="tall-kvartal">Kvartal</Label>
          <Select id="tall-kvartal" value={kvartal ? String(kvartal) : ''} onChange={(e) => settKvartal(e.target.value ? Number(e.target.value) : undefined)}>
            <Select.Option value="">Hele året</Select.Option>
            {[1, 2, 3, 4].map((k) => (
              <Select.Option key={k} value={String(k)}>
                {k}. kvartal
              </Select.Option>
            ))}
          </Select>
        </Field>
      </div>
      {s && (
        <>
          <Paragraph aria-live="polite">
            {s.totalt.antall} avvik meldt, {s.totalt.besvart} besvart, {s.totalt.forfalt} forfalt, median svartid {s.totalt.medianSvartidDager === null ? '–' : `${desimal(s.totalt.medianSvartidDager)} dager`}.
          </Paragraph>
          {s.totalt.antall > 0 && (
            <>
              <div className="tabell-rulle">
                <img src={`/offentlig/avvik/statistikk.svg?${spoerring}`} alt={`Diagram: antall avvik per mottaker i ${periode}, med besvart, forfalte og median svartid. Tallene står også i tabellene under.`} />
              </div>
              {DIMENSJONER.map(({ d, tekst, kolonne }) => (
                <div className="tabell-rulle" key={d}>
                  <Table zebra>
                    <caption>
                      {tekst}, {periode}
                    </caption>
                    <Table.Head>
                      <Table.Row>
                        <Table.HeaderCell>{kolonne}</Table.HeaderCell>
                        <Table.HeaderCell>Antall</Table.HeaderCell>
                        <Table.HeaderCell>Besvart</Table.HeaderCell>
                        <Table.HeaderCell>Median svartid (dager)</Table.HeaderCell>
                        <Table.HeaderCell>Forfalt</Table.HeaderCell>
                        <Table.HeaderCell>Besvart etter fristen</Table.HeaderCell>
                        <Table.HeaderCell>Med forbedringssak</Table.HeaderCell>
                      </Table.Row>
                    </Table.Head>
                    <Table.Body>
                      {s.etter[d].map((g) => (
                        <Tallrad key={g.noekkel} navn={g.navn} g={g} />
                      ))}
                    </Table.Body>
                  </Table>
                </div>
              ))}
            </>
          )}
        </>
      )}
    </section>
  );
}

async function hentStatistikk(aar: number, kvartal: number | undefined) {
  const { data } = await api.GET('/offentlig/avvik/statistikk', { params: { query: { aar, ...(kvartal ? { kvartal } : {}) } } });
  return data;
}

function Forbedringssak({ avvik, onFerdig }: { avvik: readonly AvvikIListe[]; onFerdig: (sakId: string) => void }) {
  const [valgt, settValgt] = useState<string[]>([]);
  const [tittel, settTittel] = useState('');
  const [problem, settProblem] = useState<Problem>();
  const send = async (e: FormEvent) => {
    e.preventDefault();
    const svar = await postSteg('/avvik/forbedringssaker', { avvikIder: valgt, tittel });
    if (!svar.ok) return settProblem(svar.problem);
    settProblem(undefined);
    onFerdig((svar.svar as { sakId: string }).sakId);
  };
  return (
    <form className="skjema" onSubmit={(e) => void send(e)} noValidate>
      {problem && (
        <Alert data-color="danger" role="alert">
          {problem.detail}
        </Alert>
      )}
      <Fieldset>
        <Fieldset.Legend>Avvikene saken skal følge opp</Fieldset.Legend>
        {avvik.map((a) => (
          <Checkbox
            key={a.avvikId}
            label={`${a.meldernavn} → ${a.motpartnavn}: ${a.kategorinavn}, ${a.tjenesteavtale} (meldt ${langDato(a.meldt)})`}
            value={a.avvikId}
            checked={valgt.includes(a.avvikId)}
            onChange={(e) => settValgt((v) => (e.target.checked ? [...v, a.avvikId] : v.filter((x) => x !== a.avvikId)))}
          />
        ))}
      </Fieldset>
      <Textfield label="Tittel på forbedringssaken" value={tittel} onChange={(e) => settTittel(e.target.value)} />
      <Button type="submit">Åpne forbedringssak</Button>
    </form>
  );
}

/** The acting body's avvik: its list (restanser marked), «Meld avvik», the quarter's figures, and for a fagråd or ASU the forbedringssak. */
export function AvvikOversikt() {
  const oekt = useOekt();
  const flyt = useAvviksflyt();
  const navigate = useNavigate();
  const organId = oekt?.handlerFor?.organId;
  const [liste, settListe] = useState<AvvikIListe[]>();
  const [feil, settFeil] = useState<string>();
  const hent = useCallback(async () => {
    if (!organId) return;
    const { data, error } = await api.GET('/avvik/organ/{organId}', { params: { path: { organId } } });
    if (!data) return settFeil(feiltekst(error));
    settListe(data.avvik as unknown as AvvikIListe[]);
  }, [organId]);
  useEffect(() => {
    void hent();
  }, [hent]);
  const organer = useOrganer();
  const meld = flyt?.steg.find((s) => s.steg === 'MeldAvvik');
  // A forbedringssak is opened by a fagråd or by ASU (the declaration's FORBEDRINGSANSVARLIGE; the service checks it).
  const organtype = organer?.find((o) => o.organId === organId)?.organtype;
  return (
    <KreverHandlerFor>
      <Side tittel="Avvik" laster={!liste || !flyt} feil={feil}>
        <Paragraph>Samhandlingsavvik mellom kommunene og helseforetaket. Et avvik er skjermet: bare partene, fagrådet og revisor leser det. Skriv aldri navn, fødselsnummer eller D-nummer.</Paragraph>
        {meld && (
          <Details>
            <Details.Summary>{meld.tittel}</Details.Summary>
            <Details.Content>
              <StegSkjema steg={meld} sti={meld.http.path} stivalg={{}} utkastnoekkel={`saksgang.utkast.avvik.${organId}.meld`} onFerdig={(svar) => navigate(`/app/avvik/${(svar as { avvikId: string }).avvikId}`)} />
            </Details.Content>
          </Details>
        )}
        <section className="stabel" aria-labelledby="liste">
          <Heading level={2} data-size="md" id="liste">
            Avvikene våre
          </Heading>
          {(liste ?? []).length === 0 ? (
            <Paragraph>Ingen avvik.</Paragraph>
          ) : (
            <ul className="stabel" aria-label="Avvikene våre">
              {(liste ?? []).map((a) => (
                <li key={a.avvikId}>
                  <Lenke til={`/app/avvik/${a.avvikId}`}>
                    {a.meldernavn} → {a.motpartnavn}: {a.tjenesteavtale}
                  </Lenke>{' '}
                  ({a.kategorinavn}){' '}
                  <Tag data-color={a.forfalt ? 'danger' : 'info'}>{a.forfalt ? `Forfalt (frist ${langDato(a.svarfrist)})` : a.statusTekst}</Tag>
                  {a.forbedringssaker.map((f) => (
                    <span key={f.sakId}>
                      {' '}
                      <Lenke til={`/app/saker/${f.sakId}`}>{f.tittel}</Lenke>
                    </span>
                  ))}
                </li>
              ))}
            </ul>
          )}
        </section>
        <Statistikk />
        {(liste ?? []).length > 0 && (organtype === 'fagraad' || organtype === 'asu') && (
          <Details>
            <Details.Summary>Åpne forbedringssak</Details.Summary>
            <Details.Content>
              <Forbedringssak avvik={liste ?? []} onFerdig={(sakId) => navigate(`/app/saker/${sakId}`)} />
            </Details.Content>
          </Details>
        )}
      </Side>
    </KreverHandlerFor>
  );
}

interface EttAvvikState {
  readonly avvikId: string;
  readonly melder: string;
  readonly motpart: string;
  readonly tildeltEnhet: string;
  readonly tjenesteavtale: string;
  readonly hvaSkjedde: string;
  readonly hendelsesdato: string;
  readonly konsekvens: string;
  readonly kategori: string;
  readonly status: string;
  readonly svarfrist: string;
  readonly funn?: string;
  readonly tiltak?: string;
  readonly dialog: readonly { readonly hva: string; readonly tekst: string; readonly organId: string; readonly gjelderFra: string }[];
  readonly forbedringssaker: readonly { readonly sakId: string; readonly tittel: string; readonly rapportert?: string }[];
}

const DIALOG: Readonly<Record<string, string>> = { spoersmaal: 'Spørsmål', svar: 'Svar', funn_og_tiltak: 'Funn og tiltak', merknad: 'Merknad', loeftet: 'Løftet til fagrådet', forbedring: 'Forbedring' };

/** One avvik: what happened, the exchange, and the steps the person may take now. */
export function EttAvvik() {
  const { avvikId } = useParams();
  const oekt = useOekt();
  const flyt = useAvviksflyt();
  const organer = useOrganer();
  const [avvik, settAvvik] = useState<{ state: EttAvvikState; tillatteSteg: string[] }>();
  const [feil, settFeil] = useState<string>();
  const [melding, settMelding] = useState<string>();
  const hent = useCallback(async () => {
    if (!avvikId) return;
    const { data, error } = await api.GET('/avvik/{avvikId}', { params: { path: { avvikId } } });
    if (!data) return settFeil(feiltekst(error));
    settAvvik({ state: data.state as unknown as EttAvvikState, tillatteSteg: data.tillatteSteg });
  }, [avvikId]);
  useEffect(() => {
    void hent();
  }, [hent, oekt?.handlerFor?.organId, oekt?.handlerFor?.rolle]);
  const a = avvik?.state;
  const navn = (id: string) => organnavn(organer, id);
  const tillatte = (flyt?.steg ?? []).filter((s) => avvik?.tillatteSteg.includes(s.steg));
  // The category in words as the declaration names it (the report's field «kategori»).
  const kategoriIOrd = (k: string) => flyt?.steg.find((st) => st.steg === 'MeldAvvik')?.felter.find((f) => f.navn === 'kategori')?.verdinavn?.[k] ?? k;
  const sakvalg: Valg[] = (a?.forbedringssaker ?? []).filter((f) => !f.rapportert).map((f) => ({ verdi: f.sakId, tekst: f.tittel }));
  return (
    <Side tittel={a ? `Avvik fra ${navn(a.melder)} til ${navn(a.motpart)}` : 'Avvik'} laster={!avvik || !flyt || !organer} feil={feil}>
      {a && (
        <>
          <div className="rad">
            <Tag data-color={a.status === 'lukket' ? 'success' : 'info'}>{STATUSTEKST[a.status] ?? a.status}</Tag>
            <Paragraph>
              {kategoriIOrd(a.kategori)}. {a.tjenesteavtale}. Svarfrist {langDato(a.svarfrist)}.
            </Paragraph>
          </div>
          {melding && (
            <Alert data-color="success" role="status">
              {melding}
            </Alert>
          )}
          <section className="stabel" aria-labelledby="hva">
            <Heading level={2} data-size="md" id="hva">
              Hva skjedde ({langDato(a.hendelsesdato)})
            </Heading>
            <Paragraph>{a.hvaSkjedde}</Paragraph>
            <Paragraph>
              <strong>Konsekvens:</strong> {a.konsekvens}
            </Paragraph>
          </section>
          {a.dialog.length > 0 && (
            <section className="stabel" aria-labelledby="dialog">
              <Heading level={2} data-size="md" id="dialog">
                Dialogen
              </Heading>
              <ol className="stabel">
                {a.dialog.map((d, i) => (
                  <li key={i}>
                    <strong>
                      {DIALOG[d.hva] ?? d.hva} fra {navn(d.organId)}, {langDato(d.gjelderFra.slice(0, 10))}:
                    </strong>{' '}
                    {d.tekst}
                  </li>
                ))}
              </ol>
            </section>
          )}
          {a.forbedringssaker.length > 0 && (
            <section className="stabel" aria-labelledby="forbedring">
              <Heading level={2} data-size="md" id="forbedring">
                Forbedringssaker
              </Heading>
              <ul>
                {a.forbedringssaker.map((f) => (
                  <li key={f.sakId}>
                    <Lenke til={`/app/saker/${f.sakId}`}>{f.tittel}</Lenke>
                    {f.rapportert ? ` (rapportert ${langDato(f.rapportert.slice(0, 10))})` : ''}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <section className="stabel" aria-labelledby="hva-naa">
            <Heading level={2} data-size="md" id="hva-naa">
              Hva du kan gjøre nå
            </Heading>
            {tillatte.length === 0 ? (
              <Paragraph>Ingen steg er åpne for deg i dette avviket nå.</Paragraph>
            ) : (
              tillatte.map((st) => (
                <Details key={st.steg}>
                  <Details.Summary>{st.tittel}</Details.Summary>
                  <Details.Content>
                    <StegSkjema
                      steg={st}
                      sti={st.http.path.replace('{avvikId}', encodeURIComponent(a.avvikId))}
                      stivalg={{ sakId: sakvalg }}
                      utkastnoekkel={`saksgang.utkast.avvik.${a.avvikId}.${st.steg}`}
                      onFerdig={() => {
                        settMelding(`Registrert: ${st.tittel}.`);
                        void hent();
                      }}
                    />
                  </Details.Content>
                </Details>
              ))
            )}
          </section>
        </>
      )}
    </Side>
  );
}
