import { Alert, Button, Heading, Paragraph, Select, Field, Label, Textfield } from '@digdir/designsystemet-react';
import { type FormEvent, useEffect, useState } from 'react';
import { api, feiltekst, type Skjema } from '../api/klient';
import { fasenavn, useArbeidsflyt } from '../arbeidsflyt';
import { langDato } from '../format';
import { useOekt } from '../oekt';
import { organnavn, useOrganer } from '../organer';
import { Lenke, Side } from './felles';

type Rapport = Skjema<'VerifyReportDto'>;
type PaaTidspunkt = Skjema<'SakPaaTidspunktDto'>;

/** What verify found, as a person reads it (the kinds of VerifyReportDto's issues). */
const FEILART: Record<string, string> = {
  changed: 'innholdet stemmer ikke med hash-kjeden (hendelsen er endret etter at den ble registrert)',
  removed: 'en hendelse mangler (kjeden er brutt)',
  inserted: 'en hendelse er satt inn i ettertid (kjeden er brutt)',
  reordered: 'hendelsene står i en annen rekkefølge enn de ble registrert i',
  unsealed: 'hendelsen er ikke forseglet i hash-kjeden',
};

type Organisasjon = Skjema<'OrganisasjonPaaDatoDto'>;

/** `registrertInnen` for the second time axis: the end of the chosen day, Norwegian time, as an instant. */
function sluttenAv(dag: string): string | undefined {
  return dag ? new Date(`${dag}T23:59:59.999+01:00`).toISOString() : undefined;
}

/** The file name of a download (Content-Disposition's `filename="…"`), else the fallback. */
function filnavnFra(disposisjon: string | null, reserve: string): string {
  return (disposisjon && /filename="([^"]+)"/.exec(disposisjon)?.[1]) || reserve;
}

/** Hands a downloaded file to the browser under its name. */
function lagre(blob: Blob, filnavn: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filnavn;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The auditor's page: verify that a sak's history is unaltered, and see it as it stood on a date. */
export function Revisjon() {
  const oekt = useOekt();
  const flyt = useArbeidsflyt();
  const organer = useOrganer();
  const [saker, settSaker] = useState<Skjema<'SaksoversiktDto'>['saker']>([]);
  const [sakId, settSakId] = useState('');
  const [datoen, settDato] = useState('');
  const [registrertDato, settRegistrertDato] = useState('');
  const [orgDato, settOrgDato] = useState('');
  const [orgRegistrert, settOrgRegistrert] = useState('');
  const [organisasjon, settOrganisasjon] = useState<Organisasjon>();
  const [rapport, settRapport] = useState<Rapport>();
  const [paa, settPaa] = useState<PaaTidspunkt>();
  const [feil, settFeil] = useState<string>();
  const [pakke, settPakke] = useState<{ status: 'henter' | 'ferdig' | 'feil'; offentlig: boolean; tekst: string }>();
  useEffect(() => {
    void api.GET('/saker', { params: { query: { perSide: 100 } } }).then(({ data }) => {
      if (data) {
        settSaker(data.saker);
        settSakId((s) => s || data.saker[0]?.sakId || '');
      }
    });
  }, []);
  if (!oekt?.systemroller.includes('revisor')) return <Side tittel="Revisjon">Denne siden er for revisor.</Side>;

  const verifiser = async () => {
    settFeil(undefined);
    const { data, error } = await api.GET('/revisjon/verifiser', { params: { query: { sakId } } });
    if (!data) return settFeil(feiltekst(error));
    settRapport(data);
  };
  const lastNedArkivpakke = async (offentlig: boolean) => {
    settPakke({ status: 'henter', offentlig, tekst: offentlig ? 'Lager den offentlige arkivpakken …' : 'Lager arkivpakken …' });
    const { data, error, response } = await api.GET('/revisjon/saker/{sakId}/arkivpakke', { params: { path: { sakId }, query: offentlig ? { offentlig: 'true' } : {} }, parseAs: 'blob' });
    if (!data) return settPakke({ status: 'feil', offentlig, tekst: feiltekst(error) });
    const filnavn = filnavnFra(response.headers.get('content-disposition'), offentlig ? 'arkivpakke-offentlig.tar.gz' : 'arkivpakke.tar.gz');
    lagre(data as unknown as Blob, filnavn);
    settPakke({ status: 'ferdig', offentlig, tekst: `${offentlig ? 'Den offentlige arkivpakken' : 'Arkivpakken'} er lastet ned som ${filnavn}.` });
  };
  const vis = async (e: FormEvent) => {
    e.preventDefault();
    settFeil(undefined);
    const registrertInnen = sluttenAv(registrertDato);
    const { data, error } = await api.GET('/revisjon/saker/{sakId}/gjeldende', { params: { path: { sakId }, query: { dato: datoen, ...(registrertInnen ? { registrertInnen } : {}) } } });
    if (!data) return settFeil(feiltekst(error));
    settPaa(data);
  };
  const visOrganisasjon = async (e: FormEvent) => {
    e.preventDefault();
    settFeil(undefined);
    const registrertInnen = sluttenAv(orgRegistrert);
    const { data, error } = await api.GET('/revisjon/organisasjon', { params: { query: { dato: orgDato, ...(registrertInnen ? { registrertInnen } : {}) } } });
    if (!data) return settFeil(feiltekst(error));
    settOrganisasjon(data);
  };
  const sakPaa = paa?.sak as { tittel?: string; fase?: string; ansvarligOrganId?: string; oppdrag?: { tilOrganId: string; status: string }[] } | null | undefined;
  return (
    <Side tittel="Revisjon">
      <Field>
        <Label htmlFor="revisjon-sak">Saken</Label>
        <Select id="revisjon-sak" value={sakId} onChange={(e) => (settSakId(e.target.value), settRapport(undefined), settPaa(undefined), settPakke(undefined))}>
          {saker.map((s) => (
            <Select.Option key={s.sakId} value={s.sakId}>
              {s.tittel}
            </Select.Option>
          ))}
        </Select>
      </Field>
      {feil && <Alert data-color="danger">{feil}</Alert>}
      <section className="stabel" aria-labelledby="kontroll">
        <Heading level={2} data-size="md" id="kontroll">
          Er historikken uendret?
        </Heading>
        <div>
          <Button onClick={() => void verifiser()} disabled={!sakId}>
            Kontroller saken
          </Button>
        </div>
        {rapport && (rapport.ok ? (
          <Alert data-color="success" role="status">
            Historikken er uendret: alle {rapport.events} hendelser henger sammen i hash-kjeden, og ingen er endret, fjernet eller satt inn.
          </Alert>
        ) : (
          <Alert data-color="danger" role="status">
            <Heading level={3} data-size="xs">
              Historikken er ikke i orden
            </Heading>
            <ul>
              {rapport.issues.map((i, n) => (
                <li key={n}>
                  {i.revision !== undefined ? `Hendelse nr. ${i.revision + 1}` : i.streamName}: {FEILART[i.kind] ?? i.kind}. {i.detail}
                </li>
              ))}
            </ul>
          </Alert>
        ))}
      </section>
      <section className="stabel" aria-labelledby="paa-dato">
        <Heading level={2} data-size="md" id="paa-dato">
          Saken slik den var på en dato
        </Heading>
        <form className="rad" onSubmit={(e) => void vis(e)}>
          <Textfield type="date" label="Dato (det som hadde fått virkning)" value={datoen} onChange={(e) => settDato(e.target.value)} required />
          <Textfield type="date" label="Registrert innen (valgfritt)" value={registrertDato} onChange={(e) => settRegistrertDato(e.target.value)} />
          <Button type="submit" variant="secondary" disabled={!sakId || !datoen}>
            Vis saken på datoen
          </Button>
        </form>
        {paa &&
          (sakPaa ? (
            <div className="stabel">
              <Paragraph>
                {langDato(paa.tidspunkt)}
                {registrertDato ? `, slik det var registrert innen ${langDato(registrertDato)}` : ''}: «{sakPaa.tittel}» – {fasenavn(flyt, sakPaa.fase)}, ansvarlig {organnavn(organer, sakPaa.ansvarligOrganId)}. {paa.hendelser.length} steg hadde fått virkning.
              </Paragraph>
              {(sakPaa.oppdrag ?? []).map((o, n) => (
                <Paragraph key={n} data-size="sm">
                  Oppdrag til {organnavn(organer, o.tilOrganId)}: {o.status.replaceAll('_', ' ')}
                </Paragraph>
              ))}
            </div>
          ) : (
            <Paragraph>Saken var ikke registrert ennå {langDato(paa.tidspunkt)}.</Paragraph>
          ))}
        {sakId && (
          <Paragraph>
            <Lenke til={`/app/saker/${sakId}`}>Se hele saksforløpet</Lenke>
          </Paragraph>
        )}
      </section>
      <section className="stabel" aria-labelledby="arkivpakke">
        <Heading level={2} data-size="md" id="arkivpakke">
          Arkivpakke for saken
        </Heading>
        <Paragraph id="arkivpakke-om">
          Én fil (.tar.gz) med alle hendelsene i saken, dokumentene, en lesbar rapport, et kontrollskript og sjekksummer. Pakk den ut og kontroller den med{' '}
          <code>sha256sum -c SHA256SUMS</code> og <code>node verifiser.mjs</code>. Den offentlige varianten utelater det som er skjermet.
        </Paragraph>
        <div className="rad">
          <Button onClick={() => void lastNedArkivpakke(false)} disabled={!sakId || pakke?.status === 'henter'} aria-describedby="arkivpakke-om">
            Last ned arkivpakke
          </Button>
          <Button variant="secondary" onClick={() => void lastNedArkivpakke(true)} disabled={!sakId || pakke?.status === 'henter'} aria-describedby="arkivpakke-om">
            Last ned offentlig arkivpakke
          </Button>
        </div>
        <div role="status" aria-live="polite">
          {pakke && (pakke.status === 'henter' ? <Paragraph>{pakke.tekst}</Paragraph> : <Alert data-color={pakke.status === 'ferdig' ? 'success' : 'danger'}>{pakke.tekst}</Alert>)}
        </div>
      </section>
      <section className="stabel" aria-labelledby="organisasjon-paa-dato">
        <Heading level={2} data-size="md" id="organisasjon-paa-dato">
          Organisasjonen slik den var på en dato
        </Heading>
        <form className="rad" onSubmit={(e) => void visOrganisasjon(e)}>
          <Textfield type="date" label="Dato for organisasjonen" value={orgDato} onChange={(e) => settOrgDato(e.target.value)} required />
          <Textfield type="date" label="Registrert innen for organisasjonen (valgfritt)" value={orgRegistrert} onChange={(e) => settOrgRegistrert(e.target.value)} />
          <Button type="submit" variant="secondary" disabled={!orgDato}>
            Vis organisasjonen
          </Button>
        </form>
        {organisasjon && (
          <div className="stabel">
            <Paragraph>
              {langDato(organisasjon.dato)}
              {organisasjon.registrertInnen ? `, slik det var registrert innen ${langDato(organisasjon.registrertInnen)}` : ''}: {organisasjon.organer.length}{' '}
              {organisasjon.organer.length === 1 ? 'organ' : 'organer'} fantes, {organisasjon.verv.length} verv.
            </Paragraph>
            <ul aria-label="Organene og vervene på datoen">
              {organisasjon.organer.map((o) => {
                const verv = organisasjon.verv.filter((v) => v.organId === o.organId);
                return (
                  <li key={o.organId}>
                    {o.navn}
                    {verv.length > 0 ? `: ${verv.map((v) => `${v.navn} (${v.rollenavn})`).join(', ')}` : ''}
                  </li>
                );
              })}
            </ul>
          </div>
        )}
      </section>
    </Side>
  );
}
