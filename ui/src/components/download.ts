/** Hands a fetched file (an export) to the browser as a download. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  // the click has started the download; the URL can go once the event loop has moved on
  window.setTimeout(() => URL.revokeObjectURL(url), 0);
}
