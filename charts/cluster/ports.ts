// Ports of the K3S API, shared by the node configs and kube-vip.
export const API_PORT = 6443;
