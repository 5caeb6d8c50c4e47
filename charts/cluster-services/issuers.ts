// The cluster CA's cert-manager ClusterIssuer (issue 14). Stand-in on the
// gateways branch: cs-core's file of the same name defines the issuer itself
// and a helper to request certificates; at merge, keep theirs (the name is agreed).
export const CLUSTER_CA_ISSUER = 'mojaloop-cluster-ca';
