import { Alert, Button, Checkbox, Fieldset, Heading, Paragraph, Radio, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { useEffect, useState } from 'react';
import { api, feiltekst, type Skjema } from '../api/klient';
import { tidspunkt } from '../format';
import { useLesing } from '../lesing';
import { useOekt } from '../oekt';
import { Lenke, Side } from './felles';

type Varsler = Skjema<'VarslerDto'>;
type Innstillinger = Skjema<'VarslingsinnstillingerDto'>;

const STATUSFARGE: Record<string, 'success' | 'info' | 'warning' | 'danger' | 'neutral'> = {
  sendt: 'success',
  venter: 'info',
  samles: 'info',
  doed: 'danger',
  uten_adresse: 'warning',
  avmeldt: 'neutral',
  kansellert: 'neutral',
};

/** «Varsler» — what saksgang has sent the person (or keeps for them), and how they want to be told. */
export function Varsler() {
  const oekt = useOekt();
  if (!oekt)
    return (
      <Paragraph>
        Du må <Lenke til="/app/logg-inn">logge inn</Lenke> for å se varslene dine.
      </Paragraph>
    );
  return <MineVarsler />;
}

function MineVarsler() {
  const { data: varsler, feil } = useLesing<Varsler>(() => api.GET('/varsler'), []);
  return (
    <Side tittel="Varsler" laster={!varsler} feil={feil}>
      {varsler && (
        <>
          <Paragraph>
            {varsler.varsler.length === 0 ? 'Du har ingen varsler ennå.' : `${varsler.varsler.length} ${varsler.varsler.length === 1 ? 'varsel' : 'varsler'}, de nyeste først.`}
            {!varsler.epostSendes && ' Saksgang sender ikke e-post her (ingen e-posttjener er satt opp): varslene dine ligger her.'}
          </Paragraph>
          {varsler.varsler.length > 0 && (
            <div className="tabell-rulle">
              <Table zebra>
                <caption className="skjult">Mine varsler, de nyeste først</caption>
                <Table.Head>
                  <Table.Row>
                    <Table.HeaderCell>Når</Table.HeaderCell>
                    <Table.HeaderCell>Hva</Table.HeaderCell>
                    <Table.HeaderCell>Varsel</Table.HeaderCell>
                    <Table.HeaderCell>Status</Table.HeaderCell>
                  </Table.Row>
                </Table.Head>
                <Table.Body>
                  {varsler.varsler.map((v) => (
                    <Table.Row key={v.id}>
                      <Table.Cell>{tidspunkt(v.opprettet)}</Table.Cell>
                      <Table.Cell>{v.artNavn}</Table.Cell>
                      <Table.Cell>{v.sakId ? <Lenke til={`/app/saker/${v.sakId}`}>{v.emne}</Lenke> : v.moeteId ? <Lenke til={`/app/moeter/${v.moeteId}`}>{v.emne}</Lenke> : v.emne}</Table.Cell>
                      <Table.Cell>
                        <Tag data-color={STATUSFARGE[v.status] ?? 'neutral'}>{v.statusNavn}</Tag>
                      </Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            </div>
          )}
          <Innstillingsskjema />
        </>
      )}
    </Side>
  );
}

function Innstillingsskjema() {
  const [lagret, settLagret] = useState<Innstillinger>();
  const [epost, settEpost] = useState('');
  const [modus, settModus] = useState('straks');
  const [avmeldt, settAvmeldt] = useState<string[]>([]);
  const [melding, settMelding] = useState<{ ok: boolean; tekst: string }>();
  useEffect(() => {
    void api.GET('/varsler/innstillinger').then(({ data }) => {
      if (!data) return;
      settLagret(data);
      settEpost(data.epost ?? '');
      settModus(data.modus);
      settAvmeldt(data.avmeldt);
    });
  }, []);
  if (!lagret) return null;
  const lagre = async () => {
    const { data, error } = await api.PUT('/varsler/innstillinger', { body: { epost: epost.trim() === '' ? null : epost.trim(), modus: modus as 'straks', avmeldt: avmeldt as never } });
    if (data) {
      settLagret(data);
      settMelding({ ok: true, tekst: 'Innstillingene er lagret.' });
    } else settMelding({ ok: false, tekst: feiltekst(error) });
  };
  return (
    <form
      className="stabel"
      onSubmit={(e) => {
        e.preventDefault();
        void lagre();
      }}
    >
      <Heading level={2} data-size="md">
        Slik vil du ha varsler
      </Heading>
      <Textfield label="E-postadresse for varsler" description="La feltet stå tomt for å bruke adressen helsefellesskapet har satt opp for deg." type="email" value={epost} onChange={(e) => settEpost(e.target.value)} />
      <Fieldset>
        <Fieldset.Legend>Når vil du ha varsler?</Fieldset.Legend>
        <Radio name="modus" label="Med en gang" value="straks" checked={modus === 'straks'} onChange={() => settModus('straks')} />
        <Radio name="modus" label="Én oppsummering om dagen" value="daglig" checked={modus === 'daglig'} onChange={() => settModus('daglig')} />
      </Fieldset>
      <Fieldset>
        <Fieldset.Legend>Hva vil du ha varsel om?</Fieldset.Legend>
        {lagret.arter.map((a) => (
          <Checkbox key={a.art} label={a.navn} value={a.art} checked={!avmeldt.includes(a.art)} onChange={(e) => settAvmeldt(e.target.checked ? avmeldt.filter((x) => x !== a.art) : [...avmeldt, a.art])} />
        ))}
      </Fieldset>
      {melding && <Alert data-color={melding.ok ? 'success' : 'danger'}>{melding.tekst}</Alert>}
      <div>
        <Button type="submit">Lagre innstillinger</Button>
      </div>
    </form>
  );
}
