import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { JsonDokument } from '@saksgang/projections';

/** A JSON object with arbitrary (also non-Latin-1 and astral) keys and values; possibly empty. */
const objekt = fc.dictionary(fc.string({ unit: 'grapheme', maxLength: 8 }).filter((k) => k !== '__proto__'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 });

describe('JsonDokument', () => {
  it('writes the same document as joining the pieces would, as UTF-8, with each stored object merged into its head', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(objekt, objekt), { maxLength: 12 }), (par) => {
        const dok = new JsonDokument().tekst('{"liste":[');
        par.forEach(([hode, resten], i) => {
          if (i > 0) dok.tekst(',');
          dok.objekt(JSON.stringify(hode).slice(0, -1), JSON.stringify(resten));
        });
        const buffer = dok.tekst(']}').tilBuffer();
        // Keys of the head come first; a key in both ends with the later value, as JSON.parse reads it.
        // (Expected through JSON too: -0 is written as 0.)
        const forventet = JSON.parse(JSON.stringify({ liste: par.map(([hode, resten]) => ({ ...hode, ...resten })) })) as unknown;
        expect(JSON.parse(buffer.toString('utf8'))).toEqual(forventet);
        expect(buffer.length).toBe(Buffer.byteLength(buffer.toString('utf8'), 'utf8'));
      }),
    );
  });

  it('merges a step into its head byte for byte, an empty object just closes the head, and an empty head takes the object as it is', () => {
    const dok = new JsonDokument()
      .tekst('[')
      .objekt('{"organNavn":"Fagråd → rus"', '{"eventId":"e1","revisjon":3}')
      .tekst(',')
      .objekt('{"a":1', '{ }')
      .tekst(',')
      .objekt('{', '{"b":2}')
      .tekst(']');
    expect(dok.tilBuffer().toString('utf8')).toBe('[{"organNavn":"Fagråd → rus","eventId":"e1","revisjon":3},{"a":1},{"b":2}]');
  });

  it('refuses text that is not an object, rather than writing a broken document', () => {
    expect(() => new JsonDokument().objekt('{"a":1', '[1,2]')).toThrow(/Not the JSON text of an object/);
    expect(() => new JsonDokument().objekt('{"a":1', '"tekst"')).toThrow(/Not the JSON text of an object/);
  });
});
