// etcd for the e2e control plane: the upstream server's own main
// (go.etcd.io/etcd/server/v3/etcdmain), at the version k8s.io/kubernetes
// v1.36.3 depends on. Debian's etcd 3.4 is too old for Kubernetes 1.36.
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() {
	etcdmain.Main(os.Args)
}
