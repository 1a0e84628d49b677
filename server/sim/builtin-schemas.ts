import type { JsonObject } from './patch';

/**
 * OpenAPI v3 schemas of the built-in kinds the simulator serves, trimmed from a 1.32 API
 * server's `/openapi/v3/api/v1` (and apps/v1) to the fields those kinds have. They drive
 * unknown-field detection (Strict/Warn/Ignore), type checks (a Go server cannot decode
 * `ports: "abc"` and answers 400), `kubectl explain`, and kubectl's patch computation: the
 * `x-kubernetes-patch-*` extensions must match the real ones, or `kubectl apply` merges lists
 * differently. Subtrees the simulator never interprets (pod templates) preserve unknown fields.
 */

type S = JsonObject;

const d = (description: string, schema: S): S => ({ description, ...schema });
const str = (description = ''): S => d(description, { type: 'string' });
const int = (description = '', format = 'int32'): S => d(description, { type: 'integer', format });
const bool = (description = ''): S => d(description, { type: 'boolean' });
const obj = (description: string, properties: Record<string, S>, required?: string[]): S =>
  d(description, { type: 'object', properties, ...(required ? { required } : {}) });
const mapOf = (description: string, values: S): S =>
  d(description, { type: 'object', additionalProperties: values });
const list = (description: string, items: S, extensions: S = {}): S =>
  d(description, { type: 'array', items, ...extensions });
const atomic = (description: string, items: S): S =>
  list(description, items, { 'x-kubernetes-list-type': 'atomic' });
const strings = (description = ''): S => atomic(description, str());
const intOrString = (description = ''): S =>
  d(description, { 'x-kubernetes-int-or-string': true, format: 'int-or-string' });
const loose = (description: string): S =>
  d(description, { type: 'object', 'x-kubernetes-preserve-unknown-fields': true });
const mapList = (description: string, items: S, keys: string[], patchKey = keys[0] as string) =>
  list(description, items, {
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': keys,
    'x-kubernetes-patch-merge-key': patchKey,
    'x-kubernetes-patch-strategy': 'merge',
  });

const condition = obj('Condition contains details for one aspect of the current state.', {
  type: str('type of condition in CamelCase.'),
  status: str('status of the condition, one of True, False, Unknown.'),
  observedGeneration: int('', 'int64'),
  lastTransitionTime: str('the last time the condition transitioned.'),
  lastUpdateTime: str(),
  reason: str("a programmatic identifier for the condition's last transition."),
  message: str('a human readable message about the transition.'),
});
const conditions = (description: string) => mapList(description, condition, ['type']);

const SERVICE_PORT = obj(
  "ServicePort contains information on service's port.",
  {
    name: str('The name of this port within the service. This must be a DNS_LABEL.'),
    protocol: str(
      'The IP protocol for this port. Supports "TCP", "UDP", and "SCTP". Default is TCP.',
    ),
    appProtocol: str('The application protocol for this port.'),
    port: int('The port that will be exposed by this service.'),
    targetPort: intOrString(
      'Number or name of the port to access on the pods targeted by the service.',
    ),
    nodePort: int('The port on each node on which this service is exposed.'),
  },
  ['port'],
);

const SERVICE: S = obj(
  'Service is a named abstraction of software service (for example, mysql) consisting of local port (for example 3306) that the proxy listens on, and the selector that determines which pods will answer requests sent through the proxy.',
  {
    spec: obj('Spec defines the behavior of a service.', {
      ports: mapList(
        'The list of ports that are exposed by this service.',
        SERVICE_PORT,
        ['port', 'protocol'],
        'port',
      ),
      selector: mapOf(
        'Route service traffic to pods with label keys and values matching this selector.',
        str(),
      ),
      clusterIP: str(
        'clusterIP is the IP address of the service and is usually assigned randomly.',
      ),
      clusterIPs: strings('ClusterIPs is a list of IP addresses assigned to this service.'),
      type: str(
        'type determines how the Service is exposed. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer.',
      ),
      externalIPs: strings(),
      sessionAffinity: str('Supports "ClientIP" and "None".'),
      loadBalancerIP: str(),
      loadBalancerSourceRanges: strings(),
      externalName: str(),
      externalTrafficPolicy: str(),
      healthCheckNodePort: int(),
      publishNotReadyAddresses: bool(),
      sessionAffinityConfig: obj('', {
        clientIP: obj('', { timeoutSeconds: int() }),
      }),
      ipFamilies: strings(
        'IPFamilies is a list of IP families (e.g. IPv4, IPv6) assigned to this service.',
      ),
      ipFamilyPolicy: str(
        'IPFamilyPolicy represents the dual-stack-ness requested or required by this Service.',
      ),
      allocateLoadBalancerNodePorts: bool(),
      loadBalancerClass: str(),
      internalTrafficPolicy: str(),
      trafficDistribution: str(),
    }),
    status: obj('Most recently observed status of the service.', {
      loadBalancer: obj('', {
        ingress: atomic(
          '',
          obj('', {
            ip: str(),
            hostname: str(),
            ipMode: str(),
            ports: atomic(
              '',
              obj('', { port: int(), protocol: str(), error: str() }, ['port', 'protocol']),
            ),
          }),
        ),
      }),
      conditions: conditions('Current service state'),
    }),
  },
);

const NAMESPACE: S = obj('Namespace provides a scope for Names.', {
  spec: obj('Spec defines the behavior of the Namespace.', {
    finalizers: strings(
      'Finalizers is an opaque list of values that must be empty to permanently remove object from storage.',
    ),
  }),
  status: obj('Status describes the current status of a Namespace.', {
    phase: str('Phase is the current lifecycle phase of the namespace.'),
    conditions: conditions(
      "Represents the latest available observations of a namespace's current state.",
    ),
  }),
});

const CONFIG_MAP: S = obj('ConfigMap holds configuration data for pods to consume.', {
  data: mapOf('Data contains the configuration data.', str()),
  binaryData: mapOf(
    'BinaryData contains the binary data.',
    d('', { type: 'string', format: 'byte' }),
  ),
  immutable: bool(
    'Immutable, if set to true, ensures that data stored in the ConfigMap cannot be updated.',
  ),
});

const SECRET: S = obj('Secret holds secret data of a certain type.', {
  data: mapOf(
    'Data contains the secret data, base64 encoded.',
    d('', { type: 'string', format: 'byte' }),
  ),
  stringData: mapOf('stringData allows specifying non-binary secret data in string form.', str()),
  type: str('Used to facilitate programmatic handling of secret data.'),
  immutable: bool(),
});

const objectReference = obj(
  'ObjectReference contains enough information to let you inspect or modify the referred object.',
  {
    kind: str(),
    namespace: str(),
    name: str(),
    uid: str(),
    apiVersion: str(),
    resourceVersion: str(),
    fieldPath: str(),
  },
);

const EVENT: S = obj('Event is a report of an event somewhere in the cluster.', {
  involvedObject: objectReference,
  reason: str(),
  message: str(),
  source: obj('', { component: str(), host: str() }),
  firstTimestamp: str(),
  lastTimestamp: str(),
  count: int(),
  type: str(),
  eventTime: str(),
  series: obj('', { count: int(), lastObservedTime: str() }),
  action: str(),
  related: objectReference,
  reportingComponent: str(),
  reportingInstance: str(),
});

const labelSelector = obj('A label selector is a label query over a set of resources.', {
  matchLabels: mapOf('', str()),
  matchExpressions: atomic(
    '',
    obj('', { key: str(), operator: str(), values: strings() }, ['key', 'operator']),
  ),
});

const DEPLOYMENT: S = obj('Deployment enables declarative updates for Pods and ReplicaSets.', {
  spec: obj(
    'Specification of the desired behavior of the Deployment.',
    {
      replicas: int('Number of desired pods.'),
      selector: labelSelector,
      template: loose('Template describes the pods that will be created.'),
      strategy: obj('The deployment strategy to use to replace existing pods with new ones.', {
        type: str(),
        rollingUpdate: obj('', { maxUnavailable: intOrString(), maxSurge: intOrString() }),
      }),
      minReadySeconds: int(),
      revisionHistoryLimit: int(),
      paused: bool(),
      progressDeadlineSeconds: int(),
    },
    ['selector', 'template'],
  ),
  status: obj('Most recently observed status of the Deployment.', {
    observedGeneration: int('', 'int64'),
    replicas: int(),
    updatedReplicas: int(),
    readyReplicas: int(),
    availableReplicas: int(),
    unavailableReplicas: int(),
    terminatingReplicas: int(),
    conditions: conditions(
      "Represents the latest available observations of a deployment's current state.",
    ),
    collisionCount: int(),
  }),
});

/** Schemas by `<group>/<resource>`; kinds not listed here are served schema-less. */
export const BUILTIN_SCHEMAS: ReadonlyMap<string, S> = new Map([
  ['/namespaces', NAMESPACE],
  ['/services', SERVICE],
  ['/configmaps', CONFIG_MAP],
  ['/secrets', SECRET],
  ['/events', EVENT],
  ['apps/deployments', DEPLOYMENT],
]);
