// The private CA on the nodes. Go programs (kairos-agent fetching config_url,
// K3S and its containerd pulling from the mirror) read every file in
// /etc/ssl/certs as trusted roots (Go crypto/x509 root_unix.go,
// certDirectories), so writing the PEM there is enough; no
// update-ca-certificates run is needed.
export const NODE_CA_FILE = '/etc/ssl/certs/mojaloop-internal-ca.pem';
