// Compression handlers for @mcap/core: "lz4" is the LZ4 frame format (lz4js), "zstd" a Zstandard frame
// (@foxglove/wasm-zstd, whose WebAssembly ships inside the npm package, so it works offline once installed).
import lz4 from "lz4js";
import * as zstd from "@foxglove/wasm-zstd";

export async function loadCodecs() {
  await zstd.isLoaded;
}

export const decompressHandlers = {
  lz4: (buffer, decompressedSize) => {
    const out = lz4.decompress(buffer, Number(decompressedSize));
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  },
  zstd: (buffer, decompressedSize) => {
    const out = zstd.decompress(buffer, Number(decompressedSize));
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  },
};

export function compressor(name) {
  if (name === "lz4") {
    return (data) => ({ compression: "lz4", compressedData: Uint8Array.from(lz4.compress(data)) });
  }
  if (name === "zstd") {
    return (data) => {
      const out = zstd.compress(data, 3);
      return { compression: "zstd", compressedData: new Uint8Array(out.buffer, out.byteOffset, out.byteLength) };
    };
  }
  return undefined;
}
