// Bytes of a dropped file to text: gunzip when the name says .gz, then UTF-8.

export async function decodeBytes(bytes: ArrayBuffer, name: string): Promise<string> {
  let data = bytes;
  if (/\.gz$/i.test(name)) {
    const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
    try {
      data = await new Response(stream).arrayBuffer();
    } catch (e) {
      throw new Error(`${name} is named .gz but is not valid gzip (${(e as Error).message}). Rename it or re-compress it.`, { cause: e });
    }
  }
  return new TextDecoder('utf-8').decode(data);
}
