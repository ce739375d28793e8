// Times the page's WebAssembly core (build/web/tcpteach.js) reading a capture under node, in the
// page's 4 MiB chunks: node tests/web/bench-node.js build/web/tcpteach.js FILE.pcap
"use strict";
const fs = require("fs");
const [js, file] = process.argv.slice(2);
if (!js || !file) { console.error("usage: bench-node.js tcpteach.js FILE.pcap"); process.exit(2); }
const createTcpteach = require(require("path").resolve(js));
createTcpteach().then((M) => {
  const CHUNK = 4 << 20, fd = fs.openSync(file, "r"), chunk = Buffer.alloc(CHUNK), buf = M._malloc(CHUNK);
  const t0 = process.hrtime.bigint();
  M._tw_open();
  let n, rc = 0;
  while (rc === 0 && (n = fs.readSync(fd, chunk, 0, CHUNK, null)) > 0) {
    M.HEAPU8.set(chunk.subarray(0, n), buf);
    rc = M._tw_feed(buf, n);
  }
  if (rc === 0) rc = M._tw_end();
  const t1 = process.hrtime.bigint();
  const ms = Number(t1 - t0) / 1e6;
  // The first screen the page draws: the conversation table's first rows and the table's first rows.
  for (let k = 0; k < Math.min(40, M._tw_convs()); k++) M._tw_conv(k, 0);
  for (let i = 0; i < 40; i++) M._tw_row(i, 0);
  const t2 = process.hrtime.bigint();
  console.log(JSON.stringify({ file, bytes: fs.statSync(file).size, status: rc, frames: M._tw_frames(),
    segments: M._tw_segments(), conversations: M._tw_convs(), read_ms: Math.round(ms),
    first_screen_ms: Math.round(Number(t2 - t1) / 1e6), session_bytes: M._tw_memory(), wasm_heap_bytes: M.HEAPU8.length }));
});
