/** Extensions of real binaries: an unreadable one only warns by default. */
const BINARY_EXTENSIONS = new Set([
  ...['png', 'jpg', 'jpeg', 'gif', 'webp', 'bmp', 'ico', 'icns', 'tif', 'tiff', 'avif', 'heic'],
  ...['psd', 'ai', 'sketch', 'fig', 'xcf'],
  ...['mp3', 'mp4', 'm4a', 'mov', 'avi', 'mkv', 'webm', 'wav', 'flac', 'ogg', 'aac'],
  ...['woff', 'woff2', 'ttf', 'otf', 'eot'],
  ...['zip', 'gz', 'tgz', 'bz2', 'xz', 'zst', '7z', 'rar', 'tar', 'jar', 'war', 'apk', 'aab'],
  ...['ipa', 'dmg', 'iso', 'deb', 'rpm', 'msi', 'whl', 'nupkg', 'gem'],
  ...['pdf', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'odt', 'ods', 'pages'],
  ...['exe', 'dll', 'so', 'dylib', 'a', 'lib', 'o', 'obj', 'class', 'pyc', 'wasm', 'node'],
  ...['bin', 'dat', 'db', 'sqlite', 'sqlite3', 'pb', 'onnx', 'pt', 'h5', 'parquet', 'avro'],
]);

/** Extensions of source and config text: never a "real binary", whatever the content holds. */
const TEXT_EXTENSIONS = new Set([
  ...['ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs', 'json', 'jsonc', 'json5', 'yml', 'yaml', 'toml'],
  ...['ini', 'cfg', 'conf', 'env', 'properties', 'xml', 'html', 'htm', 'css', 'scss', 'less'],
  ...['md', 'mdx', 'txt', 'rst', 'csv', 'sql', 'graphql', 'proto', 'tf', 'hcl', 'nix'],
  ...['py', 'rb', 'go', 'rs', 'java', 'kt', 'kts', 'scala', 'groovy', 'gradle', 'swift', 'm'],
  ...['c', 'h', 'cc', 'cpp', 'hpp', 'cs', 'fs', 'php', 'pl', 'lua', 'r', 'dart', 'ex', 'exs'],
  ...['erl', 'clj', 'hs', 'ml', 'vue', 'svelte', 'astro', 'sh', 'bash', 'zsh', 'fish', 'ps1'],
  ...['bat', 'cmd', 'lock', 'pem', 'key', 'crt', 'svg', 'ipynb'],
]);

/**
 * Whether a file the gate could not scan is a real binary (`binary`: warns by default) or text
 * it could not read (`text`: fails by default). A text extension is always text (a NUL byte in
 * `config.ts` must not buy it a pass); a binary extension is binary unless the sample decodes
 * as text (hiding code behind `logo.png` gains nothing); any other name is text unless its
 * sample holds a NUL byte. With no sample, an unknown extension is text: the gate fails closed.
 */
export function classifyNotScanned(
  path: string,
  sample?: Uint8Array | string | null,
): 'binary' | 'text' {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot + 1) : '';
  if (TEXT_EXTENSIONS.has(extension)) return 'text';
  const known = BINARY_EXTENSIONS.has(extension);
  if (sample === undefined || sample === null) return known ? 'binary' : 'text';
  const head = sample.slice(0, 8_000);
  const hasNul =
    typeof head === 'string' ? head.includes('\u0000') : (head as Uint8Array).includes(0);
  if (known) return hasNul || !looksLikeText(head) ? 'binary' : 'text';
  return hasNul ? 'binary' : 'text';
}

/** Valid UTF-8 (or a string) with few control characters. */
function looksLikeText(head: Uint8Array | string): boolean {
  let text: string;
  if (typeof head === 'string') text = head;
  else {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(head);
    } catch {
      return false;
    }
  }
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 32 && code !== 9 && code !== 10 && code !== 13) control++;
  }
  return control * 100 <= text.length;
}
