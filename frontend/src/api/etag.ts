/** The API's ETag for a resource version (api/http.py: `"v{version}"`), for If-Match. */
export function ifMatch(version: number): { "If-Match": string } {
  return { "If-Match": `"v${version}"` };
}
