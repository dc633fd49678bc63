-- wrk script: cycle through the paths listed one per line in the file named by WRK_PATHS.
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do
  if line ~= "" then paths[#paths + 1] = line end
end
local position = 0

request = function()
  position = position % #paths + 1
  return wrk.format("GET", paths[position])
end
