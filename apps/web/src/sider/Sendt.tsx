import { Paragraph, Table, Tag } from '@digdir/designsystemet-react';
import { api, type Skjema } from '../api/klient';
import { dato } from '../format';
import { useLesing } from '../lesing';
import { useOekt } from '../oekt';
import { organnavn, useOrganer } from '../organer';
import { FristTag, KreverHandlerFor, Lenke, Side } from './felles';

type Sendt = Skjema<'SendtDto'>;

/** «Hva skjedde med det vi bestilte?» — what the body ordered, delegated or sent on, and where each stands. */
export function Sendt() {
  return (
    <KreverHandlerFor>
      <SendtForOrgan />
    </KreverHandlerFor>
  );
}

function SendtForOrgan() {
  const organ = useOekt()!.handlerFor!;
  const organer = useOrganer();
  const { data: sendt, feil } = useLesing<Sendt>(() => api.GET('/organer/{organId}/sendt', { params: { path: { organId: organ.organId } } }), [organ.organId]);
  return (
    <Side tittel={`Hva skjedde med det ${organ.organnavn} bestilte?`} laster={!sendt} feil={feil}>
      {sendt && (
        <>
          <Paragraph>
            {sendt.antall} bestillinger og oppdrag, {sendt.antallAapne} åpne.
          </Paragraph>
          <div className="tabell-rulle">
            <Table zebra>
              <caption className="skjult">Bestillinger og oppdrag, åpne først</caption>
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell>Sak</Table.HeaderCell>
                  <Table.HeaderCell>Hva</Table.HeaderCell>
                  <Table.HeaderCell>Hvor den står</Table.HeaderCell>
                  <Table.HeaderCell>Frist</Table.HeaderCell>
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {sendt.punkter.map((p) => (
                  <Table.Row key={p.punktId}>
                    <Table.Cell>
                      <Lenke til={`/app/saker/${p.sakId}`}>{p.sakTittel}</Lenke>
                    </Table.Cell>
                    <Table.Cell>{p.beskrivelse}</Table.Cell>
                    <Table.Cell>
                      <Tag data-color={p.aapen ? 'info' : 'success'}>{p.aapen ? `Hos ${organnavn(organer, p.organId)}` : (p.lukketFordi ?? 'Lukket')}</Tag>
                    </Table.Cell>
                    <Table.Cell>
                      {p.frist ? dato(p.frist) : '–'} {p.aapen && <FristTag dager={p.dagerTilFrist} forfalt={p.forfalt} />}
                    </Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </div>
        </>
      )}
    </Side>
  );
}
