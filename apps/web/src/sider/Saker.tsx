import { Button, Paragraph, Search, Table, Tag } from '@digdir/designsystemet-react';
import { type FormEvent, useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, feiltekst, offentligApi, type Skjema } from '../api/klient';
import { fasenavn, useArbeidsflyt } from '../arbeidsflyt';
import { dato } from '../format';
import { useLive } from '../live';
import { organnavn, useOrganer } from '../organer';
import { Lenke, Side } from './felles';

type Oversikt = Skjema<'SaksoversiktDto'>;

/** The saker: search and list (signed in: what the person may read; the public: the public values only). */
export function Saksliste({ offentlig }: { offentlig: boolean }) {
  const [params, settParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [tekst, settTekst] = useState(q);
  const [oversikt, settOversikt] = useState<Oversikt>();
  const [feil, settFeil] = useState<string>();
  const flyt = useArbeidsflyt();
  const organer = useOrganer();
  const versjon = useLive();
  useEffect(() => {
    const query = { ...(q ? { q } : {}), perSide: 50 };
    const svar = offentlig ? offentligApi.GET('/offentlig/saker', { params: { query } }) : api.GET('/saker', { params: { query } });
    void svar.then(({ data, error }) => (data ? settOversikt(data) : settFeil(feiltekst(error))));
  }, [q, offentlig, versjon]);
  const soek = (e: FormEvent) => {
    e.preventDefault();
    settParams(tekst ? { q: tekst } : {});
  };
  const lenke = (sakId: string) => (offentlig ? `/app/innsyn/${sakId}` : `/app/saker/${sakId}`);
  return (
    <div className="stabel">
      <form role="search" onSubmit={soek} className="rad">
        <Search>
          <Search.Input aria-label="Søk i sakene" value={tekst} onChange={(e) => settTekst(e.target.value)} />
          <Search.Clear onClick={() => settTekst('')} />
          <Search.Button type="submit">Søk</Search.Button>
        </Search>
      </form>
      {feil && <Paragraph>{feil}</Paragraph>}
      {oversikt && (
        <>
          <Paragraph>{oversikt.totalt === 0 ? 'Ingen saker funnet.' : `${oversikt.totalt} ${oversikt.totalt === 1 ? 'sak' : 'saker'}${q ? ` for «${q}»` : ''}.`}</Paragraph>
          <div className="tabell-rulle">
            <Table zebra>
              <caption className="skjult">Sakene{q ? `, beste treff først` : ', sist endret først'}</caption>
              <Table.Head>
                <Table.Row>
                  <Table.HeaderCell>Sak</Table.HeaderCell>
                  <Table.HeaderCell>Saksnummer</Table.HeaderCell>
                  <Table.HeaderCell>Står hos</Table.HeaderCell>
                  <Table.HeaderCell>Fase</Table.HeaderCell>
                  <Table.HeaderCell>Sist endret</Table.HeaderCell>
                </Table.Row>
              </Table.Head>
              <Table.Body>
                {oversikt.saker.map((s) => (
                  <Table.Row key={s.sakId}>
                    <Table.Cell>
                      <Lenke til={lenke(s.sakId)}>{s.tittel}</Lenke>
                    </Table.Cell>
                    <Table.Cell>
                      {Object.entries(s.saksnumre ?? {})
                        .map(([o, n]) => `${organnavn(organer, o).replace(/.*\((.*)\)$/, '$1')} ${String(n)}`)
                        .join(', ')}
                    </Table.Cell>
                    <Table.Cell>{organnavn(organer, s.ansvarligOrganId)}</Table.Cell>
                    <Table.Cell>
                      <Tag data-color="info">{fasenavn(flyt, s.fase)}</Tag>
                    </Table.Cell>
                    <Table.Cell>{dato(s.sistEndret)}</Table.Cell>
                  </Table.Row>
                ))}
              </Table.Body>
            </Table>
          </div>
        </>
      )}
    </div>
  );
}

export function Saker() {
  return (
    <Side tittel="Saker">
      <div className="rad">
        <Button asChild variant="secondary">
          <a href="/app/saker/ny">Registrer en ny sak</a>
        </Button>
      </div>
      <Saksliste offentlig={false} />
    </Side>
  );
}
