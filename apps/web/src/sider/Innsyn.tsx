import { Heading, Link, Paragraph, Table, Tag } from '@digdir/designsystemet-react';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { feiltekst, offentligApi, type Skjema } from '../api/klient';
import { fasenavn, useArbeidsflyt } from '../arbeidsflyt';
import { dato } from '../format';
import { organnavn, useOrganer } from '../organer';
import { Lenke, Side } from './felles';
import { Saksliste } from './Saker';

type OffentligSak = Skjema<'OffentligSakDto'>;
type OffentligeMoeter = Skjema<'OffentligeMoeterDto'>;

/** Innsyn for the public, without signing in: search and read the public saker; what is exempt is never sent. */
export function Innsyn() {
  return (
    <Side tittel="Innsyn i sakene">
      <Paragraph>Her kan alle søke i og lese sakene i helsefellesskapet uten å logge inn. Opplysninger som er unntatt offentlighet, vises ikke.</Paragraph>
      <Saksliste offentlig />
      <OffentligeMoeterListe />
    </Side>
  );
}

/** The meetings whose innkalling is sent, newest first, with the public innkalling and the approved protokoll. */
function OffentligeMoeterListe() {
  const [moeter, settMoeter] = useState<OffentligeMoeter>();
  const [feil, settFeil] = useState<string>();
  useEffect(() => {
    void offentligApi.GET('/offentlig/moeter', {}).then(({ data, error }) => (data ? settMoeter(data) : settFeil(feiltekst(error))));
  }, []);
  return (
    <section aria-labelledby="offentlige-moeter">
      <Heading level={2} data-size="md" id="offentlige-moeter">
        Møter
      </Heading>
      {feil && <Paragraph>{feil}</Paragraph>}
      {moeter && moeter.moeter.length === 0 && <Paragraph>Ingen møter er kalt inn ennå.</Paragraph>}
      {moeter && moeter.moeter.length > 0 && (
        <div className="tabell-rulle">
          <Table zebra>
            <caption className="skjult">Møtene som er kalt inn, nyeste først</caption>
            <Table.Head>
              <Table.Row>
                <Table.HeaderCell>Møte</Table.HeaderCell>
                <Table.HeaderCell>Organ</Table.HeaderCell>
                <Table.HeaderCell>Sted</Table.HeaderCell>
                <Table.HeaderCell>Status</Table.HeaderCell>
                <Table.HeaderCell>Dokumenter</Table.HeaderCell>
              </Table.Row>
            </Table.Head>
            <Table.Body>
              {moeter.moeter.map((m) => (
                <Table.Row key={m.moeteId}>
                  <Table.Cell>
                    {m.fellesmoete ? 'Fellesmøte' : 'Møte'} {dato(m.moetedato)} kl. {m.starttid.replace(':', '.')}
                  </Table.Cell>
                  <Table.Cell>{m.organnavn.join(' og ')}</Table.Cell>
                  <Table.Cell>{m.moetested}</Table.Cell>
                  <Table.Cell>
                    <Tag data-color={m.status === 'avlyst' ? 'danger' : 'info'}>{m.statusTekst}</Tag>
                  </Table.Cell>
                  <Table.Cell>
                    <Link href={m.innkalling}>Innkalling {dato(m.moetedato)}</Link>
                    {m.protokoll && (
                      <>
                        {' · '}
                        <Link href={m.protokoll}>Protokoll {dato(m.moetedato)}</Link>
                      </>
                    )}
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
    </section>
  );
}

export function OffentligSak() {
  const { sakId } = useParams();
  const [sak, settSak] = useState<OffentligSak>();
  const [feil, settFeil] = useState<string>();
  const flyt = useArbeidsflyt();
  const organer = useOrganer();
  useEffect(() => {
    if (sakId) void offentligApi.GET('/offentlig/saker/{sakId}', { params: { path: { sakId } } }).then(({ data, error }) => (data ? settSak(data) : settFeil(feiltekst(error))));
  }, [sakId]);
  const stegnavn = (type: string) => flyt?.steg.find((s) => s.hendelse === type)?.tittel ?? 'Steg';
  return (
    <Side tittel={sak?.tittel ?? 'Sak'} laster={!sak || !flyt} feil={feil}>
      {sak && (
        <>
          <div className="rad">
            <Tag data-color="info">{fasenavn(flyt, sak.fase)}</Tag>
            {sak.skjerminger.length > 0 && <Tag data-color="warning">Deler av saken er unntatt offentlighet</Tag>}
          </div>
          {sak.beskrivelse && <Paragraph>{sak.beskrivelse}</Paragraph>}
          <Paragraph className="liten">
            Meldt inn av {organnavn(organer, sak.innmeldtAv)} {dato(sak.registrert)}.
          </Paragraph>
          <ol className="tidslinje" aria-label="Stegene i saken">
            {sak.hendelser.map((h) => (
              <li key={h.hendelsesnummer}>
                {stegnavn(h.type)}
                {typeof (h.data as Record<string, unknown>)['gjelderFra'] === 'string' ? ` – ${dato((h.data as Record<string, string>)['gjelderFra'])}` : ''}
              </li>
            ))}
          </ol>
          <Paragraph>
            <Lenke til="/app/innsyn">Tilbake til søket</Lenke>
          </Paragraph>
        </>
      )}
    </Side>
  );
}
