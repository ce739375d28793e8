-- gui-live.lua: loaded into the Wireshark GUI (-X lua_script:), writes what tcpteach showed in every dissection of every frame to $TCPTEACH_LIVE_TSV.
--
-- A postdissector registered after tcpteach's (Lua scripts load after the C plugins), so it runs in
-- each dissection right after tcpteach, in all of them: the first pass as each frame arrives (which
-- feeds Expert Information) and every later one, among them the packet list's, which fills the row's
-- custom columns and picks its colour (ui/qt/models/packet_list_record.cpp, PacketListRecord::dissect
-- with epan_dissect_run, no taps: a Listener would not see it). One line per dissection that differs
-- from the previous one of the same frame and pass, as tests/lab/check-live reads it:
--   frame.number  tcpteach.label  tcpteach.anomaly (comma-separated)  view  frames-read
-- view: "first" (the first pass) or "again" (a later dissection: the row, its colour, the details);
-- frames-read: how many frames the GUI had read then (the latest first-pass frame number).
local path = assert(os.getenv("TCPTEACH_LIVE_TSV"), "TCPTEACH_LIVE_TSV is not set")
local out = assert(io.open(path, "w"))
out:setvbuf("line")

local label = Field.new("tcpteach.label")
local anomaly = Field.new("tcpteach.anomaly")
local recorder = Proto("tcpteach_live", "tcpteach live recorder (tests/lab/gui-live.lua)")
local read, last = 0, {}

function recorder.dissector(_, pinfo, _)
  local n = pinfo.number
  if not pinfo.visited and n > read then read = n end
  local names = {}
  for _, fi in ipairs({ anomaly() }) do names[#names + 1] = tostring(fi.value) end
  local l = label()
  local view = pinfo.visited and "again" or "first"
  local shown = (l and tostring(l.value) or "") .. "\t" .. table.concat(names, ",")
  local key = view .. n
  if last[key] == shown then return end
  last[key] = shown
  out:write(n, "\t", shown, "\t", view, "\t", read, "\n")
end

register_postdissector(recorder)
