import { Heading, Paragraph, Table, Tag, Textfield } from '@digdir/designsystemet-react';
import { useEffect, useState } from 'react';
import { api, feiltekst, offentligApi, type Skjema } from '../api/klient';
import { dato, iDag } from '../format';
import { useLive } from '../live';
import { useOekt } from '../oekt';
import { Side } from './felles';

type Organliste = Skjema<'OrganlisteDto'>;
type Personliste = Skjema<'PersonlisteDto'>;

const NIVAANAVN: Readonly<Record<string, string>> = { politisk: 'Politisk nivå', administrativt: 'Administrativt nivå', faglig: 'Faglig nivå' };

/** «fra 15.02.2019» or «01.06.2021–31.05.2022». */
function periode(fra: string, til: string | null | undefined): string {
  return til ? `${dato(fra)}–${dato(til)}` : `fra ${dato(fra)}`;
}

/**
 * The organisation of the helsefellesskap: the bodies by level with their mandate, and whether each
 * existed on a chosen date (public); for a signed-in person also the persons with their memberships.
 */
export function Organisasjon() {
  const oekt = useOekt();
  const versjon = useLive();
  const [datoen, settDato] = useState(iDag());
  const [organer, settOrganer] = useState<Organliste>();
  const [personer, settPersoner] = useState<Personliste>();
  const [feil, settFeil] = useState<string>();
  useEffect(() => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(datoen)) return;
    void offentligApi.GET('/organer', { params: { query: { dato: datoen } } }).then(({ data, error }) => (data ? settOrganer(data) : settFeil(feiltekst(error))));
  }, [datoen, versjon]);
  useEffect(() => {
    if (!oekt) return;
    void api.GET('/personer').then(({ data, error }) => (data ? settPersoner(data) : settFeil(feiltekst(error))));
  }, [oekt, versjon]);
  const nivaaer = ['politisk', 'administrativt', 'faglig'];
  return (
    <Side tittel="Organisasjonen" laster={!organer} feil={feil}>
      <div className="rad">
        <Textfield type="date" label="Vis organisasjonen slik den var" value={datoen} onChange={(e) => settDato(e.target.value)} />
      </div>
      {nivaaer.map((nivaa) => {
        const her = organer?.organer.filter((o) => o.nivaa === nivaa) ?? [];
        if (her.length === 0) return null;
        return (
          <section key={nivaa} className="stabel" aria-labelledby={`nivaa-${nivaa}`}>
            <Heading level={2} data-size="sm" id={`nivaa-${nivaa}`}>
              {NIVAANAVN[nivaa] ?? nivaa}
            </Heading>
            <div className="tabell-rulle">
              <Table zebra>
                <caption className="skjult">Organene på {(NIVAANAVN[nivaa] ?? nivaa).toLowerCase()}</caption>
                <Table.Head>
                  <Table.Row>
                    <Table.HeaderCell>Organ</Table.HeaderCell>
                    <Table.HeaderCell>Mandat</Table.HeaderCell>
                    <Table.HeaderCell>Opprettet</Table.HeaderCell>
                    <Table.HeaderCell>{`Den ${dato(datoen)}`}</Table.HeaderCell>
                  </Table.Row>
                </Table.Head>
                <Table.Body>
                  {her.map((o) => (
                    <Table.Row key={o.organId}>
                      <Table.Cell>{o.navn}</Table.Cell>
                      <Table.Cell>{o.mandat}</Table.Cell>
                      <Table.Cell>{dato(o.opprettet)}</Table.Cell>
                      <Table.Cell>
                        {o.aktivPaaDato ? <Tag data-color="success">Fantes</Tag> : <Tag data-color="neutral">{o.nedlagt && o.nedlagt <= datoen ? `Lagt ned ${dato(o.nedlagt)}` : 'Ikke opprettet ennå'}</Tag>}
                      </Table.Cell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            </div>
          </section>
        );
      })}
      {oekt && personer && (
        <section className="stabel" aria-labelledby="personer">
          <Heading level={2} data-size="sm" id="personer">
            Personer og verv
          </Heading>
          <div className="tabell-rulle">
            <Table zebra>
              <caption className="skjult">Personene med vervene sine</caption>
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell>Navn</Table.HeaderCell>
                  <Table.HeaderCell>Verv</Table.HeaderCell>
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {personer.personer.map((p) => (
                  <Table.Row key={p.personId}>
                    <Table.Cell>{p.navn}</Table.Cell>
                    <Table.Cell>
                      <ul className="verv">
                        {p.medlemskap.map((m) => (
                          <li key={`${m.organId}-${m.rolle}-${m.fra}`}>
                            {`${m.rollenavn[0]?.toUpperCase() ?? ''}${m.rollenavn.slice(1)} i ${m.organnavn}, ${periode(m.fra, m.til)}`}
                            {m.representerer ? ` (representerer ${m.representerer})` : ''}
                            {m.oppnevntAv ? ` — oppnevnt: ${m.oppnevntAv}` : ''}
                          </li>
                        ))}
                      </ul>
                    </Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </div>
        </section>
      )}
      {!oekt && <Paragraph>Logg inn for å se personene og vervene deres.</Paragraph>}
    </Side>
  );
}
