import { Alert, Button, Details, Heading, Paragraph, Tag } from '@digdir/designsystemet-react';
import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { api, feiltekst, lastNed } from '../api/klient';
import { langDato } from '../format';
import { useLive } from '../live';
import { useMoeteflyt } from '../moeteflyt';
import { useOekt } from '../oekt';
import { organnavn, useOrganer } from '../organer';
import { StegSkjema, type Valg } from '../StegSkjema';
import { Side } from './felles';

interface Nummer {
  readonly organId: string;
  readonly serie: string;
  readonly aar: number;
  readonly nummer: number;
}
interface Punkt {
  readonly punktId: string;
  readonly sakId?: string;
  readonly tittel: string;
  readonly moetesakstype: string;
  readonly forslagTilVedtak?: string;
  readonly saksframlegg?: string;
  readonly leggesFramAv?: string;
  readonly numre: readonly Nummer[];
  readonly tilleggssak: boolean;
  readonly trukket?: { readonly begrunnelse: string };
  readonly vedtak?: { readonly vedtaksutfall: string; readonly vedtakstekst: string };
}
interface Moetet {
  readonly moeteId: string;
  readonly organIder: readonly string[];
  readonly moetedato: string;
  readonly starttid: string;
  readonly sluttid?: string;
  readonly moetested: string;
  readonly status: string;
  readonly punkter: readonly Punkt[];
  readonly deltakere: readonly { readonly personId: string; readonly navn: string; readonly organId: string; readonly rolle: string }[];
}

const STATUS: Record<string, string> = { planlagt: 'Planlagt', innkalling_sendt: 'Innkalling sendt', gjennomfoert: 'Gjennomført', protokoll_godkjent: 'Protokoll godkjent', avlyst: 'Avlyst' };

/** «Sak 1/19», «Orienteringssak 1/19» — as the innkalling writes the numbers. */
function nummertekst(n: Nummer): string {
  return `${n.serie === 'orientering' ? 'Orienteringssak' : 'Sak'} ${n.nummer}/${String(n.aar).slice(-2)}`;
}

/** One meeting: when and where, the saksliste with numbers and proposals, its documents, and the steps the person may take now. */
export function Moete() {
  const { moeteId } = useParams();
  const oekt = useOekt();
  const flyt = useMoeteflyt();
  const organer = useOrganer();
  const [moete, settMoete] = useState<{ state: Moetet; tillatteSteg: string[] }>();
  const [saker, settSaker] = useState<Valg[]>([]);
  const [personer, settPersoner] = useState<Valg[]>([]);
  const [feil, settFeil] = useState<string>();
  const [melding, settMelding] = useState<string>();
  const [henter, settHenter] = useState(0);
  const versjon = useLive();
  const hent = useCallback(async () => {
    if (!moeteId) return;
    settHenter((n) => n + 1);
    try {
      const { data, error } = await api.GET('/moeter/{moeteId}', { params: { path: { moeteId } } });
      if (!data) return settFeil(feiltekst(error));
      const state = data.state as unknown as Moetet;
      settMoete({ state, tillatteSteg: data.tillatteSteg });
      // Who may be recorded as present: the members of the meeting's bodies on its date.
      const medlemmer = await Promise.all(state.organIder.map((organId) => api.GET('/organer/{organId}/medlemmer', { params: { path: { organId }, query: { dato: state.moetedato } } })));
      settPersoner(medlemmer.flatMap((m) => (m.data?.medlemmer ?? []).map((p) => ({ verdi: p.personId, tekst: `${p.navn} (${p.rolle})` }))));
    } finally {
      settHenter((n) => n - 1);
    }
  }, [moeteId]);
  useEffect(() => {
    void hent();
  }, [hent, versjon, oekt?.handlerFor?.organId, oekt?.handlerFor?.rolle]);
  useEffect(() => {
    void api.GET('/saker', { params: { query: { perSide: 100 } } }).then(({ data }) => settSaker((data?.saker ?? []).map((s) => ({ verdi: s.sakId, tekst: s.tittel }))));
  }, []);

  const m = moete?.state;
  const navn = (id: string) => organnavn(organer, id);
  const tittel = m ? `${m.organIder.length > 1 ? 'Fellesmøte' : 'Møte'} i ${m.organIder.map(navn).join(' og ')} ${langDato(m.moetedato)}` : 'Møte';
  const tillatte = (flyt?.steg ?? []).filter((s) => moete?.tillatteSteg.includes(s.steg));
  const punktvalg = (m?.punkter ?? []).filter((p) => !p.trukket).map((p) => ({ verdi: p.punktId, tekst: `${p.numre[0] ? `${nummertekst(p.numre[0])} ` : ''}${p.tittel}` }));
  return (
    <Side tittel={tittel} laster={!moete || !flyt || !organer} feil={feil}>
      {m && (
        <>
          <div className="rad">
            <Tag data-color={m.status === 'avlyst' ? 'danger' : 'info'}>{STATUS[m.status] ?? m.status}</Tag>
            <Paragraph>
              kl. {m.starttid.replace(':', '.')}
              {m.sluttid ? `–${m.sluttid.replace(':', '.')}` : ''}, {m.moetested}
            </Paragraph>
          </div>
          <div className="rad">
            <Button variant="secondary" data-size="sm" onClick={() => void lastNed(`/moeter/${m.moeteId}/innkalling.pdf`, `innkalling-${m.moetedato}.pdf`)}>
              Last ned innkallingen (PDF)
            </Button>
            <Button variant="secondary" data-size="sm" onClick={() => void lastNed(`/moeter/${m.moeteId}/kalender.ics`, `moete-${m.moetedato}.ics`)}>
              Legg i kalenderen (.ics)
            </Button>
          </div>
          {melding && (
            <Alert data-color="success" role="status">
              {melding}
            </Alert>
          )}
          <section className="stabel" aria-labelledby="saksliste">
            <Heading level={2} data-size="md" id="saksliste">
              Sakslisten
            </Heading>
            {m.punkter.length === 0 ? (
              <Paragraph>Ingen saker er satt opp ennå.</Paragraph>
            ) : (
              <ol className="stabel" aria-label="Sakslisten">
                {m.punkter.map((p) => (
                  <li key={p.punktId}>
                    <strong>
                      {p.numre.length > 0 ? `${p.numre.map(nummertekst).join(' / ')} ` : ''}
                      {p.tittel}
                    </strong>
                    {p.tilleggssak && <Tag data-color="warning"> Tilleggssak</Tag>}
                    {p.trukket && <Tag data-color="danger"> Trukket</Tag>}
                    <Paragraph data-size="sm">Forslag til vedtak: {p.forslagTilVedtak ?? 'Saken blir lagt fram uten forslag til vedtak.'}</Paragraph>
                    {p.leggesFramAv && <Paragraph data-size="sm">Legges fram av {p.leggesFramAv}.</Paragraph>}
                    {p.vedtak && (
                      <Paragraph data-size="sm">
                        <strong>Vedtak ({p.vedtak.vedtaksutfall.replaceAll('_', ' ')}):</strong> {p.vedtak.vedtakstekst}
                      </Paragraph>
                    )}
                  </li>
                ))}
              </ol>
            )}
          </section>
          <section className="stabel" aria-labelledby="hva-naa" aria-busy={henter > 0}>
            <Heading level={2} data-size="md" id="hva-naa">
              Hva du kan gjøre nå
            </Heading>
            {tillatte.length === 0 ? (
              <Paragraph>Ingen steg er åpne for deg i dette møtet nå.</Paragraph>
            ) : (
              tillatte.map((st) => (
                <Details key={st.steg}>
                  <Details.Summary>{st.tittel}</Details.Summary>
                  <Details.Content>
                    <StegSkjema
                      steg={st}
                      sti={st.http.path.replace('{moeteId}', encodeURIComponent(m.moeteId))}
                      stivalg={{ punktId: punktvalg }}
                      feltvalg={{ sakId: saker, personId: personer }}
                      utkastnoekkel={`saksgang.utkast.moete.${m.moeteId}.${st.steg}`}
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
          {m.deltakere.length > 0 && (
            <section className="stabel" aria-labelledby="deltakere">
              <Heading level={2} data-size="md" id="deltakere">
                Til stede
              </Heading>
              <ul>
                {m.deltakere.map((d) => (
                  <li key={`${d.personId}-${d.organId}`}>
                    {d.navn} ({d.rolle}, {navn(d.organId)})
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </Side>
  );
}
