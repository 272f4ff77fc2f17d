/** Saves a file through a temporary link (no network: an object URL of data already here). */
export function download(name: string, data: BlobPart | Blob, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
