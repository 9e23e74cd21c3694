import { Alert, Details, Heading, Paragraph, Tag } from '@digdir/designsystemet-react';
import { useCallback, useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { api, feiltekst, hentBilde, type Skjema } from '../api/klient';
import { fasenavn, useArbeidsflyt } from '../arbeidsflyt';
import { dato, tidspunkt } from '../format';
import { useLive } from '../live';
import { useOekt } from '../oekt';
import { organnavn, useOrganer } from '../organer';
import { StegSkjema, type Valg } from '../StegSkjema';
import { ForbedringssakensAvvik } from './avvik/AvvikIAndreSider';
import { Dokumenter } from './Dokumenter';
import { Side } from './felles';

type Sak = Skjema<'SakDto'>;
type Forloep = Skjema<'SaksforloepDto'>;
type Tilstand = Sak['state'];

/** The choices for a step's path parameters, from the sak itself (its oppdrag, follow-ups, agenda items, exemptions). */
function stivalg(s: Tilstand, navn: (id: string | undefined) => string): Record<string, Valg[]> {
  const kort = (t: string) => (t.length > 70 ? `${t.slice(0, 70)} …` : t);
  return {
    oppdragId: [...s.oppdrag].sort((a, b) => Number(a.status === 'godtatt') - Number(b.status === 'godtatt')).map((o) => ({ verdi: o.oppdragId, tekst: `Til ${navn(o.tilOrganId)}: ${kort(o.mandat)}` })),
    oppfoelgingId: s.oppfoelginger.map((o) => ({ verdi: o.oppfoelgingId, tekst: `${navn(o.tilOrganId)}: ${kort(o.beskrivelse)}` })),
    sakslistepunktId: s.sakslistepunkter.filter((p) => !p.trukket).map((p) => ({ verdi: p.sakslistepunktId, tekst: `Møte ${dato(p.moetedato)}` })),
    skjermingId: (s.skjerminger ?? []).map((k) => ({ verdi: k.skjermingId, tekst: `Skjerming av ${k.felt.join(', ')} (${k.skjermingshjemmel})` })),
  };
}

/** One sak: where it stands, what the person may do now (the forms), and its journey across levels. */
export function Sak() {
  const { sakId } = useParams();
  const oekt = useOekt();
  const flyt = useArbeidsflyt();
  const organer = useOrganer();
  const [sak, settSak] = useState<Sak>();
  const [forloep, settForloep] = useState<Forloep>();
  const [bilde, settBilde] = useState<string>();
  const [feil, settFeil] = useState<string>();
  const [melding, settMelding] = useState<string>();
  const [henter, settHenter] = useState(0);
  // Counts the uploads on this page: the forms that offer the sak's documents read them again.
  const [dokumentversjon, settDokumentversjon] = useState(0);
  const versjon = useLive();
  // After a step of one's own: read the journey once it has taken in that step (read-your-writes, `minPosition`).
  const hent = useCallback(async (minPosition?: string) => {
    if (!sakId) return;
    settHenter((n) => n + 1);
    try {
      await hentSak(sakId, minPosition);
    } finally {
      settHenter((n) => n - 1);
    }
  }, [sakId]);
  const hentSak = async (sakId: string, minPosition?: string) => {
    const { data, error } = await api.GET('/saker/{sakId}', { params: { path: { sakId } } });
    if (!data) return settFeil(feiltekst(error));
    settSak(data);
    const f = await api.GET('/saker/{sakId}/forloep', { params: { path: { sakId }, query: minPosition ? { minPosition } : {} } });
    if (f.data) settForloep(f.data);
    const b = await hentBilde(`/saker/${encodeURIComponent(sakId)}/forloep.svg`);
    settBilde((gammelt) => {
      if (gammelt) URL.revokeObjectURL(gammelt);
      return b;
    });
  };
  useEffect(() => {
    void hent();
  }, [hent, versjon, oekt?.handlerFor?.organId, oekt?.handlerFor?.rolle]);

  const navn = (id: string | undefined) => organnavn(organer, id);
  const s = sak?.state;
  const tillatte = (flyt?.steg ?? []).filter((st) => sak?.tillatteSteg.includes(st.steg));
  return (
    <Side tittel={s?.tittel ?? 'Sak'} laster={!sak || !flyt || !organer} feil={feil}>
      {sak && s && flyt && (
        <>
          <div className="rad">
            <Tag data-color="info">{fasenavn(flyt, s.fase)}</Tag>
            {s.ansvarligOrganId && <Paragraph>Ansvarlig nå: {navn(s.ansvarligOrganId)}</Paragraph>}
            {Object.entries(s.saksnumre ?? {}).map(([organId, nr]) => (
              <Tag key={organId} data-color="neutral">
                {navn(organId)} sak {String(nr)}
              </Tag>
            ))}
            {sak.innsyn === 'offentlig' && <Tag data-color="warning">Offentlig versjon: det som er skjermet, vises ikke</Tag>}
          </div>
          {s.beskrivelse && <Paragraph>{s.beskrivelse}</Paragraph>}
          <Paragraph className="liten">
            Meldt inn av {navn(s.innmeldtAv)} {dato(s.registrert)}.
          </Paragraph>
          {melding && (
            <Alert data-color="success" role="status">
              {melding}
            </Alert>
          )}

          <section className="stabel" aria-labelledby="hva-naa" aria-busy={henter > 0}>
            <Heading level={2} data-size="md" id="hva-naa">
              Hva du kan gjøre nå
            </Heading>
            {!oekt?.handlerFor ? (
              <Paragraph>Logg inn og velg hvem du handler for for å se stegene du kan ta.</Paragraph>
            ) : tillatte.length === 0 ? (
              <Paragraph>
                Ingen steg er åpne for {oekt.handlerFor.organnavn} ({oekt.handlerFor.rollenavn}) i denne saken nå. Saken står hos {navn(s.ansvarligOrganId)}.
              </Paragraph>
            ) : (
              tillatte.map((st) => (
                <Details key={st.steg}>
                  <Details.Summary>{st.tittel}</Details.Summary>
                  <Details.Content>
                    <StegSkjema
                      steg={st}
                      sti={st.http.path.replace('{sakId}', encodeURIComponent(s.sakId))}
                      stivalg={stivalg(s, navn)}
                      sakId={s.sakId}
                      versjon={dokumentversjon}
                      utkastnoekkel={`saksgang.utkast.${s.sakId}.${st.steg}`}
                      onFerdig={(svar) => {
                        settMelding(`Registrert: ${st.tittel}.`);
                        void hent((svar as { position?: string } | undefined)?.position);
                      }}
                    />
                  </Details.Content>
                </Details>
              ))
            )}
          </section>

          <ForbedringssakensAvvik sakId={s.sakId} />

          {s.oppdrag.length > 0 && (
            <section className="stabel" aria-labelledby="oppdrag">
              <Heading level={2} data-size="md" id="oppdrag">
                Oppdrag
              </Heading>
              <ul className="stabel">
                {s.oppdrag.map((o) => (
                  <li key={o.oppdragId}>
                    <strong>{navn(o.tilOrganId)}</strong> (fra {navn(o.fraOrganId)}), frist {dato(o.frist)} – <Tag data-color="neutral">{o.status.replaceAll('_', ' ')}</Tag>
                    <Paragraph data-size="sm">{o.mandat}</Paragraph>
                  </li>
                ))}
              </ul>
            </section>
          )}

          <Dokumenter sakId={s.sakId} kanEndre={sak.innsyn !== 'offentlig'} etterEndring={() => {
            settDokumentversjon((n) => n + 1);
            void hent();
          }} />

          <section className="stabel" aria-labelledby="forloep">
            <Heading level={2} data-size="md" id="forloep">
              Saksforløpet
            </Heading>
            {bilde && (
              <div className="forloep-bilde" tabIndex={0} role="region" aria-label="Svømmebanene (rull sideveis)">
                <img src={bilde} alt={`Saksforløpet for «${s.tittel}» som svømmebaner: ett felt per organ, stegene over tid`} />
              </div>
            )}
            {forloep && (
              <ol className="tidslinje" aria-label="Stegene i saken, eldste først">
                {forloep.steg.map((st) => (
                  <li key={st.eventId}>
                    <strong>{dato(st.gjelderFra)}</strong> – {st.organNavn}: {st.beskrivelse}
                    <div className="liten">
                      {st.personNavn ?? st.personId} ({st.rollenavn}) · registrert {tidspunkt(st.registrert)}
                    </div>
                  </li>
                ))}
              </ol>
            )}
          </section>
        </>
      )}
    </Side>
  );
}
