/**
 * Offers generated data (an export) as a file download from an extension page: a Blob URL on
 * a temporary link with `download`. No network, no downloads permission.
 */

/** How long the Blob URL lives: long enough for the browser to start saving the file. */
const REVOKE_AFTER_MS = 60_000;

export function saveFile(
  name: string,
  parts: BlobPart[],
  type: string,
  doc: Document = document,
): void {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const link = doc.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  doc.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
