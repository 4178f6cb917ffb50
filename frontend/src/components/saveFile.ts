/**
 * Save a file the SPA fetched itself. Downloads that are case content need the bearer token,
 * which lives in memory, so a plain link cannot fetch them: the blob is fetched through the
 * client, then handed to the browser as a temporary object URL.
 */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later, not at once: some browsers start reading the URL after click() returns.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
