/**
 * A JSON document put together from pieces of JSON text and written straight into one UTF-8 buffer.
 *
 * For a large document (the saksforløp of a sak with a thousand steps is about half a megabyte)
 * this avoids the document-sized string that joining the pieces would make: with one character
 * outside Latin-1 anywhere (a `→` in a description) that string takes two bytes a character, it
 * lands in the garbage collector's old generation, and the HTTP layer must scan it for its byte
 * length and encode it again. A buffer is measured and encoded once, piece by piece, and sent as it is.
 */
export class JsonDokument {
  private readonly deler: string[] = [];
  /** Indexes of pieces whose first byte (an object's `{`) is written as `,`. */
  private readonly fortsetter = new Set<number>();

  /** Appends JSON text as it is. */
  tekst(json: string): this {
    this.deler.push(json);
    return this;
  }

  /**
   * Appends one object made of `hode`, an object opened and not closed (`{"a":1`), followed by the
   * members of `objekt`, the JSON text of an object (`{"b":2}`): `{"a":1,"b":2}`. Either may be
   * empty. The object's text is not copied or sliced; its `{` becomes the comma when written.
   */
  objekt(hode: string, objekt: string): this {
    if (!objekt.startsWith('{') || !objekt.endsWith('}')) throw new Error(`Not the JSON text of an object: ${objekt.slice(0, 40)}`);
    if (/^\{\s*\}$/.test(objekt)) return this.tekst(`${hode}}`);
    if (/^\{\s*$/.test(hode)) return this.tekst(objekt);
    this.deler.push(hode);
    this.fortsetter.add(this.deler.length);
    this.deler.push(objekt);
    return this;
  }

  /** The document as UTF-8. */
  tilBuffer(): Buffer {
    let lengde = 0;
    for (const del of this.deler) lengde += Buffer.byteLength(del, 'utf8');
    const buffer = Buffer.allocUnsafe(lengde);
    let pos = 0;
    for (let i = 0; i < this.deler.length; i++) {
      const skrevet = buffer.write(this.deler[i]!, pos, 'utf8');
      if (this.fortsetter.has(i)) buffer[pos] = 0x2c; // ','
      pos += skrevet;
    }
    return buffer;
  }
}
