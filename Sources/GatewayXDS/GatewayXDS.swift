// GatewayXDS: Proxy → Envoy xDS resources, the snapshot cache and the ADS server.
