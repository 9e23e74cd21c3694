import { describe, expect, it } from '@jest/globals';
import { Innholdskontroll } from './innholdskontroll.js';

const funn = async (bytes: Buffer) => {
  const k = new Innholdskontroll();
  k.observer(bytes);
  return k.funn();
};

describe('Innholdskontroll: the refusal names the format as people say it, never a MIME type', () => {
  it('a Windows program is «et program (EXE)»', async () => {
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00', 'latin1'), Buffer.alloc(512, 0)]);
    const f = await funn(exe);
    expect(f.tillatt).toBe(false);
    expect(f.tillatt === false && f.grunn).toMatch(/^Filen er et program \(EXE\) \(funnet ut fra innholdet, ikke filnavnet\); tillatt er PDF/);
    expect(f.tillatt === false && f.grunn).not.toMatch(/application\//);
  });

  it('a GIF picture is «et GIF-bilde»; a format without a name of its own goes by its extension', async () => {
    const gif = await funn(Buffer.concat([Buffer.from('GIF89a', 'latin1'), Buffer.alloc(64, 0)]));
    expect(gif.tillatt === false && gif.grunn).toMatch(/^Filen er et GIF-bilde /);
    const ico = await funn(Buffer.concat([Buffer.from([0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x10, 0x10]), Buffer.alloc(64, 0)]));
    expect(ico.tillatt === false && ico.grunn).toMatch(/^Filen er (en fil av typen [A-Z0-9]+|et \S+) /);
    expect(ico.tillatt === false && ico.grunn).not.toMatch(/image\//);
  });

  it('an allowed format passes (PNG)', async () => {
    const png = await funn(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]), Buffer.alloc(64, 0)]));
    expect(png).toMatchObject({ tillatt: true, format: 'png', mimeType: 'image/png' });
  });
});
