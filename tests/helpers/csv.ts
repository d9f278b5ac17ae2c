/** Reads CSV exports back in tests (the options page unit tests and the end-to-end suite). */

/** A strict RFC 4180 reader: quoted fields, doubled quotes, CRLF record ends. */
export function parseCsv(csv: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  while (i < csv.length) {
    const c = csv[i]!;
    if (c === '"' && field === '') {
      i++;
      for (;;) {
        const q = csv.indexOf('"', i);
        if (q === -1) throw new Error('unterminated quote');
        field += csv.slice(i, q);
        if (csv[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    } else if (c === ',') {
      record.push(field);
      field = '';
      i++;
    } else if (c === '\r' && csv[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i += 2;
    } else if (c === '"' || c === '\n' || c === '\r') {
      throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
    } else {
      field += c;
      i++;
    }
  }
  if (field !== '' || record.length) throw new Error('no CRLF after the last record');
  return records;
}
