-- A DFSP may only speak for itself: the FSPIOP-Source header must name the
-- participant of the client certificate the request came with (its URI SAN
-- urn:mojaloop:dfsp:<id>, charts/gateway/certificates.ts). Compared without
-- case, as participant ids are unique without case. As Mojaloop's IaC does
-- with its authenticated client id (iac-modules
-- terraform/gitops/generate-files/templates/mojaloop/fspiop-source-validator.yaml.tpl):
-- a mismatch, or no FSPIOP-Source at all, is refused with 403.
-- Envoy Lua API: streamInfo():downstreamSslConnection():uriSanPeerCertificate().
local PREFIX = "urn:mojaloop:dfsp:"

function envoy_on_request(request_handle)
  local source = string.lower(request_handle:headers():get("fspiop-source") or "")
  local ssl = request_handle:streamInfo():downstreamSslConnection()
  local uris = ssl and ssl:uriSanPeerCertificate() or {}
  for _, uri in ipairs(uris) do
    if string.sub(uri, 1, #PREFIX) == PREFIX and string.lower(string.sub(uri, #PREFIX + 1)) == source and source ~= "" then
      return
    end
  end
  request_handle:logWarn("FSPIOP-Source '" .. source .. "' does not match the client certificate")
  request_handle:respond({[":status"] = "403", ["content-type"] = "text/plain"}, "FSPIOP-Source does not match the client certificate")
end
