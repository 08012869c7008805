// The protobuf schema table that protobuf_schema.cc reads: for each
// message of the served kinds, its fields' numbers, JSON names and types,
// transcribed from Kubernetes' published generated.proto files (the
// notation is described at the top of the table).
namespace qareports::emulator {

extern const char* const kProtobufSchemaTable;
const char* const kProtobufSchemaTable = R"table(
# Kubernetes protobuf schema table (field numbers and types), transcribed from the published
# generated.proto files (k8s.io/api, k8s.io/apimachinery); see the end of this header for sources.
#
# Notation:
#   Message field=N:type ...        (continuation lines start with two spaces)
#   types: s string, b bool, i varint int32, l varint int64, f double, y bytes (base64 in JSON)
#          pkg.Name message; Time MicroTime Duration Quantity IntOrString RawExtension FieldsV1
#          [T] repeated T; {T} map<string,T>
#   suffix * : scalar that is a Go pointer or has no omitempty (always/explicitly present in JSON)
#   prefix ^ : field is a Go embedded struct with json:",inline" (its fields appear in the parent
#              object in JSON; in protobuf it is the nested message with this field number)
#   field names are JSON names (Go json tags); where the proto name differs a comment says so.
#
# Sources: kubernetes/kubernetes staging/src/k8s.io/api/<group>/<version>/generated.proto
#   (recent master versions, 1.33+; fields added after 1.32 that need new message types are
#   omitted with a comment), staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto
#   (a 1.32-era copy) and pkg/runtime/generated.proto; JSON tags / pointer-ness checked against
#   k8s.io/api core/v1 types.go (1.31-era) and types.go excerpts for the other groups.

# ---- meta: apimachinery pkg/apis/meta/v1 (TypeMeta from pkg/runtime) ----
# TypeMeta as declared in apimachinery pkg/runtime/generated.proto (runtime.TypeMeta)
meta.TypeMeta apiVersion=1:s kind=2:s
meta.ObjectMeta name=1:s generateName=2:s namespace=3:s selfLink=4:s uid=5:s resourceVersion=6:s
  generation=7:l creationTimestamp=8:Time deletionTimestamp=9:Time deletionGracePeriodSeconds=10:l*
  labels=11:{s} annotations=12:{s} ownerReferences=13:[meta.OwnerReference] finalizers=14:[s]
  managedFields=17:[meta.ManagedFieldsEntry]
meta.OwnerReference apiVersion=5:s* kind=1:s* name=3:s* uid=4:s* controller=6:b* blockOwnerDeletion=7:b*
meta.ManagedFieldsEntry manager=1:s operation=2:s apiVersion=3:s time=4:Time fieldsType=6:s
  fieldsV1=7:FieldsV1 subresource=8:s
meta.LabelSelector matchLabels=1:{s} matchExpressions=2:[meta.LabelSelectorRequirement]
meta.LabelSelectorRequirement key=1:s* operator=2:s* values=3:[s]
meta.ListMeta selfLink=1:s resourceVersion=2:s continue=3:s remainingItemCount=4:l*
meta.Condition type=1:s* status=2:s* observedGeneration=3:l lastTransitionTime=4:Time reason=5:s*
  message=6:s*

# ---- core: k8s.io/api core/v1 ----
core.Affinity nodeAffinity=1:core.NodeAffinity podAffinity=2:core.PodAffinity
  podAntiAffinity=3:core.PodAntiAffinity
core.AppArmorProfile type=1:s* localhostProfile=2:s*
core.AttachedVolume name=1:s* devicePath=2:s*
core.Capabilities add=1:[s] drop=2:[s]
core.ClientIPConfig timeoutSeconds=1:i*
core.ClusterTrustBundleProjection name=1:s* signerName=2:s* labelSelector=3:meta.LabelSelector optional=5:b*
  path=4:s*
core.ConfigMap metadata=1:meta.ObjectMeta immutable=4:b* data=2:{s} binaryData=3:{y}
core.ConfigMapEnvSource ^localObjectReference=1:core.LocalObjectReference optional=2:b*
# inline core.ConfigMapEnvSource.localObjectReference
core.ConfigMapKeySelector ^localObjectReference=1:core.LocalObjectReference key=2:s* optional=3:b*
# inline core.ConfigMapKeySelector.localObjectReference
core.ConfigMapNodeConfigSource namespace=1:s* name=2:s* uid=3:s resourceVersion=4:s kubeletConfigKey=5:s*
core.ConfigMapProjection ^localObjectReference=1:core.LocalObjectReference items=2:[core.KeyToPath]
  optional=4:b*
# inline core.ConfigMapProjection.localObjectReference
core.ConfigMapVolumeSource ^localObjectReference=1:core.LocalObjectReference items=2:[core.KeyToPath]
  defaultMode=3:i* optional=4:b*
# inline core.ConfigMapVolumeSource.localObjectReference
core.Container name=1:s* image=2:s command=3:[s] args=4:[s] workingDir=5:s ports=6:[core.ContainerPort]
  envFrom=19:[core.EnvFromSource] env=7:[core.EnvVar] resources=8:core.ResourceRequirements
  resizePolicy=23:[core.ContainerResizePolicy] restartPolicy=24:s* volumeMounts=9:[core.VolumeMount]
  volumeDevices=21:[core.VolumeDevice] livenessProbe=10:core.Probe readinessProbe=11:core.Probe
  startupProbe=22:core.Probe lifecycle=12:core.Lifecycle terminationMessagePath=13:s
  terminationMessagePolicy=20:s imagePullPolicy=14:s securityContext=15:core.SecurityContext stdin=16:b
  stdinOnce=17:b tty=18:b
# omitted: core.Container.restartPolicyRules=25 (ContainerRestartRule; added after 1.32)
core.ContainerImage names=1:[s] sizeBytes=2:l
core.ContainerPort name=1:s hostPort=2:i containerPort=3:i* protocol=4:s hostIP=5:s
core.ContainerResizePolicy resourceName=1:s* restartPolicy=2:s*
core.ContainerState waiting=1:core.ContainerStateWaiting running=2:core.ContainerStateRunning
  terminated=3:core.ContainerStateTerminated
core.ContainerStateRunning startedAt=1:Time
core.ContainerStateTerminated exitCode=1:i* signal=2:i reason=3:s message=4:s startedAt=5:Time
  finishedAt=6:Time containerID=7:s
core.ContainerStateWaiting reason=1:s message=2:s
core.ContainerStatus name=1:s* state=2:core.ContainerState lastState=3:core.ContainerState ready=4:b*
  restartCount=5:i* image=6:s* imageID=7:s* containerID=8:s started=9:b* allocatedResources=10:{Quantity}
  resources=11:core.ResourceRequirements volumeMounts=12:[core.VolumeMountStatus] user=13:core.ContainerUser
  stopSignal=15:s*
# omitted: core.ContainerStatus.allocatedResourcesStatus=14 (ResourceStatus)
core.ContainerUser linux=1:core.LinuxContainerUser
core.DaemonEndpoint Port=1:i*
core.DownwardAPIProjection items=1:[core.DownwardAPIVolumeFile]
core.DownwardAPIVolumeFile path=1:s* fieldRef=2:core.ObjectFieldSelector
  resourceFieldRef=3:core.ResourceFieldSelector mode=4:i*
core.DownwardAPIVolumeSource items=1:[core.DownwardAPIVolumeFile] defaultMode=2:i*
core.EmptyDirVolumeSource medium=1:s sizeLimit=2:Quantity
core.EndpointAddress ip=1:s* hostname=3:s nodeName=4:s* targetRef=2:core.ObjectReference
core.EndpointPort name=1:s port=2:i* protocol=3:s appProtocol=4:s*
core.EndpointSubset addresses=1:[core.EndpointAddress] notReadyAddresses=2:[core.EndpointAddress]
  ports=3:[core.EndpointPort]
core.Endpoints metadata=1:meta.ObjectMeta subsets=2:[core.EndpointSubset]
core.EnvFromSource prefix=1:s configMapRef=2:core.ConfigMapEnvSource secretRef=3:core.SecretEnvSource
core.EnvVar name=1:s* value=2:s valueFrom=3:core.EnvVarSource
core.EnvVarSource fieldRef=1:core.ObjectFieldSelector resourceFieldRef=2:core.ResourceFieldSelector
  configMapKeyRef=3:core.ConfigMapKeySelector secretKeyRef=4:core.SecretKeySelector
# omitted: core.EnvVarSource.fileKeyRef=5 (FileKeySelector; added after 1.32)
core.Event metadata=1:meta.ObjectMeta involvedObject=2:core.ObjectReference reason=3:s message=4:s
  source=5:core.EventSource firstTimestamp=6:Time lastTimestamp=7:Time count=8:i type=9:s
  eventTime=10:MicroTime series=11:core.EventSeries action=12:s related=13:core.ObjectReference
  reportingComponent=14:s* reportingInstance=15:s*
core.EventSeries count=1:i lastObservedTime=2:MicroTime
core.EventSource component=1:s host=2:s
core.ExecAction command=1:[s]
core.GRPCAction port=1:i* service=2:s*
core.HTTPGetAction path=1:s port=2:IntOrString host=3:s scheme=4:s httpHeaders=5:[core.HTTPHeader]
core.HTTPHeader name=1:s* value=2:s*
core.HostAlias ip=1:s* hostnames=2:[s]
core.HostIP ip=1:s*
core.HostPathVolumeSource path=1:s* type=2:s*
core.KeyToPath key=1:s* path=2:s* mode=3:i*
core.Lifecycle postStart=1:core.LifecycleHandler preStop=2:core.LifecycleHandler stopSignal=3:s*
core.LifecycleHandler exec=1:core.ExecAction httpGet=2:core.HTTPGetAction tcpSocket=3:core.TCPSocketAction
  sleep=4:core.SleepAction
core.LinuxContainerUser uid=1:l* gid=2:l* supplementalGroups=3:[l]
core.LoadBalancerIngress ip=1:s hostname=2:s ipMode=3:s* ports=4:[core.PortStatus]
core.LoadBalancerStatus ingress=1:[core.LoadBalancerIngress]
core.LocalObjectReference name=1:s
core.ModifyVolumeStatus targetVolumeAttributesClassName=1:s status=2:s*
core.Namespace metadata=1:meta.ObjectMeta spec=2:core.NamespaceSpec status=3:core.NamespaceStatus
core.NamespaceCondition type=1:s* status=2:s* lastTransitionTime=4:Time reason=5:s message=6:s
core.NamespaceSpec finalizers=1:[s]
core.NamespaceStatus phase=1:s conditions=2:[core.NamespaceCondition]
core.Node metadata=1:meta.ObjectMeta spec=2:core.NodeSpec status=3:core.NodeStatus
core.NodeAddress type=1:s* address=2:s*
core.NodeAffinity requiredDuringSchedulingIgnoredDuringExecution=1:core.NodeSelector
  preferredDuringSchedulingIgnoredDuringExecution=2:[core.PreferredSchedulingTerm]
core.NodeCondition type=1:s* status=2:s* lastHeartbeatTime=3:Time lastTransitionTime=4:Time reason=5:s
  message=6:s
core.NodeConfigSource configMap=2:core.ConfigMapNodeConfigSource
core.NodeDaemonEndpoints kubeletEndpoint=1:core.DaemonEndpoint
core.NodeSelector nodeSelectorTerms=1:[core.NodeSelectorTerm]
core.NodeSelectorRequirement key=1:s* operator=2:s* values=3:[s]
core.NodeSelectorTerm matchExpressions=1:[core.NodeSelectorRequirement]
  matchFields=2:[core.NodeSelectorRequirement]
core.NodeSpec podCIDR=1:s podCIDRs=7:[s] providerID=3:s unschedulable=4:b taints=5:[core.Taint]
  configSource=6:core.NodeConfigSource externalID=2:s
core.NodeStatus capacity=1:{Quantity} allocatable=2:{Quantity} phase=3:s conditions=4:[core.NodeCondition]
  addresses=5:[core.NodeAddress] daemonEndpoints=6:core.NodeDaemonEndpoints nodeInfo=7:core.NodeSystemInfo
  images=8:[core.ContainerImage] volumesInUse=9:[s] volumesAttached=10:[core.AttachedVolume]
# omitted: core.NodeStatus.config=11 (NodeConfigStatus) runtimeHandlers=12 features=13 declaredFeatures=14
core.NodeSwapStatus capacity=1:l*
core.NodeSystemInfo machineID=1:s* systemUUID=2:s* bootID=3:s* kernelVersion=4:s* osImage=5:s*
  containerRuntimeVersion=6:s* kubeletVersion=7:s* kubeProxyVersion=8:s* operatingSystem=9:s*
  architecture=10:s* swap=11:core.NodeSwapStatus
core.ObjectFieldSelector apiVersion=1:s fieldPath=2:s*
core.ObjectReference kind=1:s namespace=2:s name=3:s uid=4:s apiVersion=5:s resourceVersion=6:s
  fieldPath=7:s
core.PersistentVolumeClaim metadata=1:meta.ObjectMeta spec=2:core.PersistentVolumeClaimSpec
  status=3:core.PersistentVolumeClaimStatus
core.PersistentVolumeClaimCondition type=1:s* status=2:s* lastProbeTime=3:Time lastTransitionTime=4:Time
  reason=5:s message=6:s
core.PersistentVolumeClaimSpec accessModes=1:[s] selector=4:meta.LabelSelector
  resources=2:core.VolumeResourceRequirements volumeName=3:s storageClassName=5:s* volumeMode=6:s*
  dataSource=7:core.TypedLocalObjectReference dataSourceRef=8:core.TypedObjectReference
  volumeAttributesClassName=9:s*
core.PersistentVolumeClaimStatus phase=1:s accessModes=2:[s] capacity=3:{Quantity}
  conditions=4:[core.PersistentVolumeClaimCondition] allocatedResources=5:{Quantity}
  allocatedResourceStatuses=7:{s} currentVolumeAttributesClassName=8:s*
  modifyVolumeStatus=9:core.ModifyVolumeStatus
core.PersistentVolumeClaimVolumeSource claimName=1:s* readOnly=2:b
core.Pod metadata=1:meta.ObjectMeta spec=2:core.PodSpec status=3:core.PodStatus
core.PodAffinity requiredDuringSchedulingIgnoredDuringExecution=1:[core.PodAffinityTerm]
  preferredDuringSchedulingIgnoredDuringExecution=2:[core.WeightedPodAffinityTerm]
core.PodAffinityTerm labelSelector=1:meta.LabelSelector namespaces=2:[s] topologyKey=3:s*
  namespaceSelector=4:meta.LabelSelector matchLabelKeys=5:[s] mismatchLabelKeys=6:[s]
core.PodAntiAffinity requiredDuringSchedulingIgnoredDuringExecution=1:[core.PodAffinityTerm]
  preferredDuringSchedulingIgnoredDuringExecution=2:[core.WeightedPodAffinityTerm]
core.PodCondition type=1:s* observedGeneration=7:l status=2:s* lastProbeTime=3:Time
  lastTransitionTime=4:Time reason=5:s message=6:s
core.PodDNSConfig nameservers=1:[s] searches=2:[s] options=3:[core.PodDNSConfigOption]
core.PodDNSConfigOption name=1:s value=2:s*
core.PodIP ip=1:s*
core.PodOS name=1:s*
core.PodReadinessGate conditionType=1:s*
core.PodSchedulingGate name=1:s*
core.PodSecurityContext seLinuxOptions=1:core.SELinuxOptions
  windowsOptions=8:core.WindowsSecurityContextOptions runAsUser=2:l* runAsGroup=6:l* runAsNonRoot=3:b*
  supplementalGroups=4:[l] supplementalGroupsPolicy=12:s* fsGroup=5:l* sysctls=7:[core.Sysctl]
  fsGroupChangePolicy=9:s* seccompProfile=10:core.SeccompProfile appArmorProfile=11:core.AppArmorProfile
  seLinuxChangePolicy=13:s*
core.PodSpec volumes=1:[core.Volume] initContainers=20:[core.Container] containers=2:[core.Container]
  restartPolicy=3:s terminationGracePeriodSeconds=4:l* activeDeadlineSeconds=5:l* dnsPolicy=6:s
  nodeSelector=7:{s} serviceAccountName=8:s serviceAccount=9:s automountServiceAccountToken=21:b*
  nodeName=10:s hostNetwork=11:b hostPID=12:b hostIPC=13:b shareProcessNamespace=27:b*
  securityContext=14:core.PodSecurityContext imagePullSecrets=15:[core.LocalObjectReference] hostname=16:s
  subdomain=17:s affinity=18:core.Affinity schedulerName=19:s tolerations=22:[core.Toleration]
  hostAliases=23:[core.HostAlias] priorityClassName=24:s priority=25:i* dnsConfig=26:core.PodDNSConfig
  readinessGates=28:[core.PodReadinessGate] runtimeClassName=29:s* enableServiceLinks=30:b*
  preemptionPolicy=31:s* overhead=32:{Quantity} topologySpreadConstraints=33:[core.TopologySpreadConstraint]
  setHostnameAsFQDN=35:b* os=36:core.PodOS hostUsers=37:b* schedulingGates=38:[core.PodSchedulingGate]
  resources=40:core.ResourceRequirements hostnameOverride=41:s*
# omitted: core.PodSpec.ephemeralContainers=34 (EphemeralContainer)
# omitted: core.PodSpec.resourceClaims=39 (PodResourceClaim)
# omitted: core.PodSpec.workloadRef=42 (WorkloadReference; added after 1.32)
core.PodStatus observedGeneration=17:l phase=1:s conditions=2:[core.PodCondition] message=3:s reason=4:s
  nominatedNodeName=11:s hostIP=5:s hostIPs=16:[core.HostIP] podIP=6:s podIPs=12:[core.PodIP]
  startTime=7:Time initContainerStatuses=10:[core.ContainerStatus]
  containerStatuses=8:[core.ContainerStatus] qosClass=9:s
  ephemeralContainerStatuses=13:[core.ContainerStatus] resize=14:s allocatedResources=19:{Quantity}
  resources=20:core.ResourceRequirements
# omitted: core.PodStatus.resourceClaimStatuses=15 (PodResourceClaimStatus)
# omitted: core.PodStatus.extendedResourceClaimStatus=18 (added after 1.32)
core.PodTemplateSpec metadata=1:meta.ObjectMeta spec=2:core.PodSpec
core.PortStatus port=1:i* protocol=2:s* error=3:s*
core.PreferredSchedulingTerm weight=1:i* preference=2:core.NodeSelectorTerm
core.Probe ^handler=1:core.ProbeHandler initialDelaySeconds=2:i timeoutSeconds=3:i periodSeconds=4:i
  successThreshold=5:i failureThreshold=6:i terminationGracePeriodSeconds=7:l*
# inline core.Probe.handler
core.ProbeHandler exec=1:core.ExecAction httpGet=2:core.HTTPGetAction tcpSocket=3:core.TCPSocketAction
  grpc=4:core.GRPCAction
core.ProjectedVolumeSource sources=1:[core.VolumeProjection] defaultMode=2:i*
core.ReplicationController metadata=1:meta.ObjectMeta spec=2:core.ReplicationControllerSpec
  status=3:core.ReplicationControllerStatus
core.ReplicationControllerCondition type=1:s* status=2:s* lastTransitionTime=3:Time reason=4:s message=5:s
core.ReplicationControllerSpec replicas=1:i* minReadySeconds=4:i selector=2:{s}
  template=3:core.PodTemplateSpec
core.ReplicationControllerStatus replicas=1:i* fullyLabeledReplicas=2:i readyReplicas=4:i
  availableReplicas=5:i observedGeneration=3:l conditions=6:[core.ReplicationControllerCondition]
core.ResourceClaim name=1:s* request=2:s
core.ResourceFieldSelector containerName=1:s resource=2:s* divisor=3:Quantity
core.ResourceQuota metadata=1:meta.ObjectMeta spec=2:core.ResourceQuotaSpec
  status=3:core.ResourceQuotaStatus
core.ResourceQuotaSpec hard=1:{Quantity} scopes=2:[s] scopeSelector=3:core.ScopeSelector
core.ResourceQuotaStatus hard=1:{Quantity} used=2:{Quantity}
core.ResourceRequirements limits=1:{Quantity} requests=2:{Quantity} claims=3:[core.ResourceClaim]
core.SELinuxOptions user=1:s role=2:s type=3:s level=4:s
core.ScopeSelector matchExpressions=1:[core.ScopedResourceSelectorRequirement]
core.ScopedResourceSelectorRequirement scopeName=1:s* operator=2:s* values=3:[s]
core.SeccompProfile type=1:s* localhostProfile=2:s*
core.Secret metadata=1:meta.ObjectMeta immutable=5:b* data=2:{y} stringData=4:{s} type=3:s
core.SecretEnvSource ^localObjectReference=1:core.LocalObjectReference optional=2:b*
# inline core.SecretEnvSource.localObjectReference
core.SecretKeySelector ^localObjectReference=1:core.LocalObjectReference key=2:s* optional=3:b*
# inline core.SecretKeySelector.localObjectReference
core.SecretProjection ^localObjectReference=1:core.LocalObjectReference items=2:[core.KeyToPath]
  optional=4:b*
# inline core.SecretProjection.localObjectReference
core.SecretVolumeSource secretName=1:s items=2:[core.KeyToPath] defaultMode=3:i* optional=4:b*
core.SecurityContext capabilities=1:core.Capabilities privileged=2:b* seLinuxOptions=3:core.SELinuxOptions
  windowsOptions=10:core.WindowsSecurityContextOptions runAsUser=4:l* runAsGroup=8:l* runAsNonRoot=5:b*
  readOnlyRootFilesystem=6:b* allowPrivilegeEscalation=7:b* procMount=9:s*
  seccompProfile=11:core.SeccompProfile appArmorProfile=12:core.AppArmorProfile
# omitted: core.SecurityContext.ulimits=13 (Ulimit; added after 1.32)
core.Service metadata=1:meta.ObjectMeta spec=2:core.ServiceSpec status=3:core.ServiceStatus
core.ServiceAccount metadata=1:meta.ObjectMeta secrets=2:[core.ObjectReference]
  imagePullSecrets=3:[core.LocalObjectReference] automountServiceAccountToken=4:b*
core.ServiceAccountTokenProjection audience=1:s expirationSeconds=2:l* path=3:s*
core.ServicePort name=1:s protocol=2:s appProtocol=6:s* port=3:i* targetPort=4:IntOrString nodePort=5:i
core.ServiceSpec ports=1:[core.ServicePort] selector=2:{s} clusterIP=3:s clusterIPs=18:[s] type=4:s
  externalIPs=5:[s] sessionAffinity=7:s loadBalancerIP=8:s loadBalancerSourceRanges=9:[s] externalName=10:s
  externalTrafficPolicy=11:s healthCheckNodePort=12:i publishNotReadyAddresses=13:b
  sessionAffinityConfig=14:core.SessionAffinityConfig ipFamilies=19:[s] ipFamilyPolicy=17:s*
  allocateLoadBalancerNodePorts=20:b* loadBalancerClass=21:s* internalTrafficPolicy=22:s*
  trafficDistribution=23:s*
core.ServiceStatus loadBalancer=1:core.LoadBalancerStatus conditions=2:[meta.Condition]
core.SessionAffinityConfig clientIP=1:core.ClientIPConfig
core.SleepAction seconds=1:l*
core.Sysctl name=1:s* value=2:s*
core.TCPSocketAction port=1:IntOrString host=2:s
core.Taint key=1:s* value=2:s effect=3:s* timeAdded=4:Time
core.Toleration key=1:s operator=2:s value=3:s effect=4:s tolerationSeconds=5:l*
core.TopologySpreadConstraint maxSkew=1:i* topologyKey=2:s* whenUnsatisfiable=3:s*
  labelSelector=4:meta.LabelSelector minDomains=5:i* nodeAffinityPolicy=6:s* nodeTaintsPolicy=7:s*
  matchLabelKeys=8:[s]
core.TypedLocalObjectReference apiGroup=1:s* kind=2:s* name=3:s*
core.TypedObjectReference apiGroup=1:s* kind=2:s* name=3:s* namespace=4:s*
core.Volume name=1:s* ^volumeSource=2:core.VolumeSource
# inline core.Volume.volumeSource
core.VolumeDevice name=1:s* devicePath=2:s*
core.VolumeMount name=1:s* readOnly=2:b recursiveReadOnly=7:s* mountPath=3:s* subPath=4:s
  mountPropagation=5:s* subPathExpr=6:s
core.VolumeMountStatus name=1:s* mountPath=2:s* readOnly=3:b recursiveReadOnly=4:s*
# omitted: core.VolumeMountStatus.volumeStatus=5 (VolumeStatus; added after 1.32)
core.VolumeProjection secret=1:core.SecretProjection downwardAPI=2:core.DownwardAPIProjection
  configMap=3:core.ConfigMapProjection serviceAccountToken=4:core.ServiceAccountTokenProjection
  clusterTrustBundle=5:core.ClusterTrustBundleProjection
# omitted: core.VolumeProjection.podCertificate=6 (PodCertificateProjection; added after 1.32)
core.VolumeResourceRequirements limits=1:{Quantity} requests=2:{Quantity}
core.VolumeSource hostPath=1:core.HostPathVolumeSource emptyDir=2:core.EmptyDirVolumeSource
  secret=6:core.SecretVolumeSource persistentVolumeClaim=10:core.PersistentVolumeClaimVolumeSource
  downwardAPI=16:core.DownwardAPIVolumeSource configMap=19:core.ConfigMapVolumeSource
  projected=26:core.ProjectedVolumeSource
# omitted: core.VolumeSource.gcePersistentDisk=3 awsElasticBlockStore=4 gitRepo=5 nfs=7 iscsi=8 glusterfs=9
# omitted: core.VolumeSource.rbd=11 flexVolume=12 cinder=13 cephfs=14 flocker=15 fc=17 azureFile=18
# omitted: core.VolumeSource.vsphereVolume=20 quobyte=21 azureDisk=22 photonPersistentDisk=23
# omitted: core.VolumeSource.portworxVolume=24 scaleIO=25 storageos=27 csi=28 ephemeral=29 image=30
core.WeightedPodAffinityTerm weight=1:i* podAffinityTerm=2:core.PodAffinityTerm
core.WindowsSecurityContextOptions gmsaCredentialSpecName=1:s* gmsaCredentialSpec=2:s* runAsUserName=3:s*
  hostProcess=4:b*

# ---- apps: apps/v1 ----
apps.DaemonSet metadata=1:meta.ObjectMeta spec=2:apps.DaemonSetSpec status=3:apps.DaemonSetStatus
apps.DaemonSetCondition type=1:s* status=2:s* lastTransitionTime=3:Time reason=4:s message=5:s
apps.DaemonSetSpec selector=1:meta.LabelSelector template=2:core.PodTemplateSpec
  updateStrategy=3:apps.DaemonSetUpdateStrategy minReadySeconds=4:i revisionHistoryLimit=6:i*
apps.DaemonSetStatus currentNumberScheduled=1:i* numberMisscheduled=2:i* desiredNumberScheduled=3:i*
  numberReady=4:i* observedGeneration=5:l updatedNumberScheduled=6:i numberAvailable=7:i
  numberUnavailable=8:i collisionCount=9:i* conditions=10:[apps.DaemonSetCondition]
apps.DaemonSetUpdateStrategy type=1:s rollingUpdate=2:apps.RollingUpdateDaemonSet
apps.Deployment metadata=1:meta.ObjectMeta spec=2:apps.DeploymentSpec status=3:apps.DeploymentStatus
apps.DeploymentCondition type=1:s* status=2:s* lastUpdateTime=6:Time lastTransitionTime=7:Time reason=4:s
  message=5:s
apps.DeploymentSpec replicas=1:i* selector=2:meta.LabelSelector template=3:core.PodTemplateSpec
  strategy=4:apps.DeploymentStrategy minReadySeconds=5:i revisionHistoryLimit=6:i* paused=7:b
  progressDeadlineSeconds=9:i* podReplacementPolicy=10:s*
apps.DeploymentStatus observedGeneration=1:l replicas=2:i updatedReplicas=3:i readyReplicas=7:i
  availableReplicas=4:i unavailableReplicas=5:i terminatingReplicas=9:i*
  conditions=6:[apps.DeploymentCondition] collisionCount=8:i*
apps.DeploymentStrategy type=1:s rollingUpdate=2:apps.RollingUpdateDeployment
apps.ReplicaSet metadata=1:meta.ObjectMeta spec=2:apps.ReplicaSetSpec status=3:apps.ReplicaSetStatus
apps.ReplicaSetCondition type=1:s* status=2:s* lastTransitionTime=3:Time reason=4:s message=5:s
apps.ReplicaSetSpec replicas=1:i* minReadySeconds=4:i selector=2:meta.LabelSelector
  template=3:core.PodTemplateSpec
apps.ReplicaSetStatus replicas=1:i* fullyLabeledReplicas=2:i readyReplicas=4:i availableReplicas=5:i
  terminatingReplicas=7:i* observedGeneration=3:l conditions=6:[apps.ReplicaSetCondition]
apps.RollingUpdateDaemonSet maxUnavailable=1:IntOrString maxSurge=2:IntOrString
apps.RollingUpdateDeployment maxUnavailable=1:IntOrString maxSurge=2:IntOrString
apps.RollingUpdateStatefulSetStrategy partition=1:i* maxUnavailable=2:IntOrString
apps.StatefulSet metadata=1:meta.ObjectMeta spec=2:apps.StatefulSetSpec status=3:apps.StatefulSetStatus
apps.StatefulSetCondition type=1:s* status=2:s* lastTransitionTime=3:Time reason=4:s message=5:s
apps.StatefulSetOrdinals start=1:i*
apps.StatefulSetPersistentVolumeClaimRetentionPolicy whenDeleted=1:s whenScaled=2:s
apps.StatefulSetSpec replicas=1:i* selector=2:meta.LabelSelector template=3:core.PodTemplateSpec
  volumeClaimTemplates=4:[core.PersistentVolumeClaim] serviceName=5:s* podManagementPolicy=6:s
  updateStrategy=7:apps.StatefulSetUpdateStrategy revisionHistoryLimit=8:i* minReadySeconds=9:i
  persistentVolumeClaimRetentionPolicy=10:apps.StatefulSetPersistentVolumeClaimRetentionPolicy
  ordinals=11:apps.StatefulSetOrdinals
apps.StatefulSetStatus observedGeneration=1:l replicas=2:i* readyReplicas=3:i currentReplicas=4:i
  updatedReplicas=5:i currentRevision=6:s updateRevision=7:s collisionCount=9:i*
  conditions=10:[apps.StatefulSetCondition] availableReplicas=11:i*
apps.StatefulSetUpdateStrategy type=1:s rollingUpdate=2:apps.RollingUpdateStatefulSetStrategy

# ---- batch: batch/v1 ----
batch.CronJob metadata=1:meta.ObjectMeta spec=2:batch.CronJobSpec status=3:batch.CronJobStatus
batch.CronJobSpec schedule=1:s* timeZone=8:s* startingDeadlineSeconds=2:l* concurrencyPolicy=3:s
  suspend=4:b* jobTemplate=5:batch.JobTemplateSpec successfulJobsHistoryLimit=6:i*
  failedJobsHistoryLimit=7:i*
batch.CronJobStatus active=1:[core.ObjectReference] lastScheduleTime=4:Time lastSuccessfulTime=5:Time
batch.Job metadata=1:meta.ObjectMeta spec=2:batch.JobSpec status=3:batch.JobStatus
batch.JobCondition type=1:s* status=2:s* lastProbeTime=3:Time lastTransitionTime=4:Time reason=5:s
  message=6:s
batch.JobSpec parallelism=1:i* completions=2:i* activeDeadlineSeconds=3:l*
  podFailurePolicy=11:batch.PodFailurePolicy successPolicy=16:batch.SuccessPolicy backoffLimit=7:i*
  backoffLimitPerIndex=12:i* maxFailedIndexes=13:i* selector=4:meta.LabelSelector manualSelector=5:b*
  template=6:core.PodTemplateSpec ttlSecondsAfterFinished=8:i* completionMode=9:s* suspend=10:b*
  podReplacementPolicy=14:s* managedBy=15:s*
batch.JobStatus conditions=1:[batch.JobCondition] startTime=2:Time completionTime=3:Time active=4:i
  succeeded=5:i failed=6:i terminating=11:i* completedIndexes=7:s failedIndexes=10:s*
  uncountedTerminatedPods=8:batch.UncountedTerminatedPods ready=9:i*
batch.JobTemplateSpec metadata=1:meta.ObjectMeta spec=2:batch.JobSpec
batch.PodFailurePolicy rules=1:[batch.PodFailurePolicyRule]
batch.PodFailurePolicyOnExitCodesRequirement containerName=1:s* operator=2:s* values=3:[i]
batch.PodFailurePolicyOnPodConditionsPattern type=1:s* status=2:s*
batch.PodFailurePolicyRule action=1:s* onExitCodes=2:batch.PodFailurePolicyOnExitCodesRequirement
  onPodConditions=3:[batch.PodFailurePolicyOnPodConditionsPattern]
batch.SuccessPolicy rules=1:[batch.SuccessPolicyRule]
batch.SuccessPolicyRule succeededIndexes=1:s* succeededCount=2:i*
batch.UncountedTerminatedPods succeeded=1:[s] failed=2:[s]

# ---- asv1: autoscaling/v1 ----
asv1.CrossVersionObjectReference kind=1:s* name=2:s* apiVersion=3:s
asv1.HorizontalPodAutoscaler metadata=1:meta.ObjectMeta spec=2:asv1.HorizontalPodAutoscalerSpec
  status=3:asv1.HorizontalPodAutoscalerStatus
asv1.HorizontalPodAutoscalerSpec scaleTargetRef=1:asv1.CrossVersionObjectReference minReplicas=2:i*
  maxReplicas=3:i* targetCPUUtilizationPercentage=4:i*
asv1.HorizontalPodAutoscalerStatus observedGeneration=1:l* lastScaleTime=2:Time currentReplicas=3:i*
  desiredReplicas=4:i* currentCPUUtilizationPercentage=5:i*

# ---- asv2: autoscaling/v2 ----
asv2.ContainerResourceMetricSource name=1:s* target=2:asv2.MetricTarget container=3:s*
asv2.ContainerResourceMetricStatus name=1:s* current=2:asv2.MetricValueStatus container=3:s*
asv2.CrossVersionObjectReference kind=1:s* name=2:s* apiVersion=3:s
asv2.ExternalMetricSource metric=1:asv2.MetricIdentifier target=2:asv2.MetricTarget
asv2.ExternalMetricStatus metric=1:asv2.MetricIdentifier current=2:asv2.MetricValueStatus
asv2.HPAScalingPolicy type=1:s* value=2:i* periodSeconds=3:i*
asv2.HPAScalingRules stabilizationWindowSeconds=3:i* selectPolicy=1:s* policies=2:[asv2.HPAScalingPolicy]
  tolerance=4:Quantity
asv2.HorizontalPodAutoscaler metadata=1:meta.ObjectMeta spec=2:asv2.HorizontalPodAutoscalerSpec
  status=3:asv2.HorizontalPodAutoscalerStatus
asv2.HorizontalPodAutoscalerBehavior scaleUp=1:asv2.HPAScalingRules scaleDown=2:asv2.HPAScalingRules
asv2.HorizontalPodAutoscalerCondition type=1:s* status=2:s* lastTransitionTime=3:Time reason=4:s message=5:s
asv2.HorizontalPodAutoscalerSpec scaleTargetRef=1:asv2.CrossVersionObjectReference minReplicas=2:i*
  maxReplicas=3:i* metrics=4:[asv2.MetricSpec] behavior=5:asv2.HorizontalPodAutoscalerBehavior
asv2.HorizontalPodAutoscalerStatus observedGeneration=1:l* lastScaleTime=2:Time currentReplicas=3:i
  desiredReplicas=4:i* currentMetrics=5:[asv2.MetricStatus]
  conditions=6:[asv2.HorizontalPodAutoscalerCondition]
asv2.MetricIdentifier name=1:s* selector=2:meta.LabelSelector
asv2.MetricSpec type=1:s* object=2:asv2.ObjectMetricSource pods=3:asv2.PodsMetricSource
  resource=4:asv2.ResourceMetricSource containerResource=7:asv2.ContainerResourceMetricSource
  external=5:asv2.ExternalMetricSource
asv2.MetricStatus type=1:s* object=2:asv2.ObjectMetricStatus pods=3:asv2.PodsMetricStatus
  resource=4:asv2.ResourceMetricStatus containerResource=7:asv2.ContainerResourceMetricStatus
  external=5:asv2.ExternalMetricStatus
asv2.MetricTarget type=1:s* value=2:Quantity averageValue=3:Quantity averageUtilization=4:i*
asv2.MetricValueStatus value=1:Quantity averageValue=2:Quantity averageUtilization=3:i*
asv2.ObjectMetricSource describedObject=1:asv2.CrossVersionObjectReference target=2:asv2.MetricTarget
  metric=3:asv2.MetricIdentifier
asv2.ObjectMetricStatus metric=1:asv2.MetricIdentifier current=2:asv2.MetricValueStatus
  describedObject=3:asv2.CrossVersionObjectReference
asv2.PodsMetricSource metric=1:asv2.MetricIdentifier target=2:asv2.MetricTarget
asv2.PodsMetricStatus metric=1:asv2.MetricIdentifier current=2:asv2.MetricValueStatus
asv2.ResourceMetricSource name=1:s* target=2:asv2.MetricTarget
asv2.ResourceMetricStatus name=1:s* current=2:asv2.MetricValueStatus

# ---- rbac: rbac/v1 ----
rbac.AggregationRule clusterRoleSelectors=1:[meta.LabelSelector]
rbac.ClusterRole metadata=1:meta.ObjectMeta rules=2:[rbac.PolicyRule] aggregationRule=3:rbac.AggregationRule
rbac.ClusterRoleBinding metadata=1:meta.ObjectMeta subjects=2:[rbac.Subject] roleRef=3:rbac.RoleRef
rbac.PolicyRule verbs=1:[s] apiGroups=2:[s] resources=3:[s] resourceNames=4:[s] nonResourceURLs=5:[s]
rbac.Role metadata=1:meta.ObjectMeta rules=2:[rbac.PolicyRule]
rbac.RoleBinding metadata=1:meta.ObjectMeta subjects=2:[rbac.Subject] roleRef=3:rbac.RoleRef
rbac.RoleRef apiGroup=1:s* kind=2:s* name=3:s*
rbac.Subject kind=1:s* apiGroup=2:s name=3:s* namespace=4:s

# ---- sched: scheduling/v1 ----
sched.PriorityClass metadata=1:meta.ObjectMeta value=2:i* globalDefault=3:b description=4:s
  preemptionPolicy=5:s*

# ---- policy: policy/v1 ----
policy.PodDisruptionBudget metadata=1:meta.ObjectMeta spec=2:policy.PodDisruptionBudgetSpec
  status=3:policy.PodDisruptionBudgetStatus
policy.PodDisruptionBudgetSpec minAvailable=1:IntOrString selector=2:meta.LabelSelector
  maxUnavailable=3:IntOrString unhealthyPodEvictionPolicy=4:s*
policy.PodDisruptionBudgetStatus observedGeneration=1:l disruptedPods=2:{Time} disruptionsAllowed=3:i*
  currentHealthy=4:i* desiredHealthy=5:i* expectedPods=6:i* conditions=7:[meta.Condition]

# ---- coord: coordination/v1 ----
coord.Lease metadata=1:meta.ObjectMeta spec=2:coord.LeaseSpec
coord.LeaseSpec holderIdentity=1:s* leaseDurationSeconds=2:i* acquireTime=3:MicroTime renewTime=4:MicroTime
  leaseTransitions=5:i* strategy=6:s* preferredHolder=7:s*

# ---- net: networking/v1 ----
net.HTTPIngressPath path=1:s pathType=3:s* backend=2:net.IngressBackend
net.HTTPIngressRuleValue paths=1:[net.HTTPIngressPath]
net.IPBlock cidr=1:s* except=2:[s]
net.Ingress metadata=1:meta.ObjectMeta spec=2:net.IngressSpec status=3:net.IngressStatus
net.IngressBackend service=4:net.IngressServiceBackend resource=3:core.TypedLocalObjectReference
net.IngressLoadBalancerIngress ip=1:s hostname=2:s ports=4:[net.IngressPortStatus]
net.IngressLoadBalancerStatus ingress=1:[net.IngressLoadBalancerIngress]
net.IngressPortStatus port=1:i* protocol=2:s* error=3:s*
net.IngressRule host=1:s ^ingressRuleValue=2:net.IngressRuleValue
# inline net.IngressRule.ingressRuleValue
net.IngressRuleValue http=1:net.HTTPIngressRuleValue
net.IngressServiceBackend name=1:s* port=2:net.ServiceBackendPort
net.IngressSpec ingressClassName=4:s* defaultBackend=1:net.IngressBackend tls=2:[net.IngressTLS]
  rules=3:[net.IngressRule]
net.IngressStatus loadBalancer=1:net.IngressLoadBalancerStatus
net.IngressTLS hosts=1:[s] secretName=2:s
net.NetworkPolicy metadata=1:meta.ObjectMeta spec=2:net.NetworkPolicySpec
net.NetworkPolicyEgressRule ports=1:[net.NetworkPolicyPort] to=2:[net.NetworkPolicyPeer]
net.NetworkPolicyIngressRule ports=1:[net.NetworkPolicyPort] from=2:[net.NetworkPolicyPeer]
net.NetworkPolicyPeer podSelector=1:meta.LabelSelector namespaceSelector=2:meta.LabelSelector
  ipBlock=3:net.IPBlock
net.NetworkPolicyPort protocol=1:s* port=2:IntOrString endPort=3:i*
net.NetworkPolicySpec podSelector=1:meta.LabelSelector ingress=2:[net.NetworkPolicyIngressRule]
  egress=3:[net.NetworkPolicyEgressRule] policyTypes=4:[s]
net.ServiceBackendPort name=1:s number=2:i

# ---- authn: authentication/v1 ----
# authn.BoundObjectReference: proto names aPIVersion (2) and uID (4); JSON names apiVersion, uid
authn.BoundObjectReference kind=1:s apiVersion=2:s name=3:s uid=4:s
authn.TokenRequest metadata=1:meta.ObjectMeta spec=2:authn.TokenRequestSpec
  status=3:authn.TokenRequestStatus
authn.TokenRequestSpec audiences=1:[s] expirationSeconds=4:l* boundObjectRef=3:authn.BoundObjectReference
authn.TokenRequestStatus token=1:s* expirationTimestamp=2:Time

# roots: apiVersion kind message
root v1 Namespace core.Namespace
root v1 Pod core.Pod
root v1 Service core.Service
root v1 ConfigMap core.ConfigMap
root v1 Secret core.Secret
root v1 ServiceAccount core.ServiceAccount
root v1 Endpoints core.Endpoints
root v1 Node core.Node
root v1 ReplicationController core.ReplicationController
root v1 PersistentVolumeClaim core.PersistentVolumeClaim
root v1 ResourceQuota core.ResourceQuota
root v1 Event core.Event
root apps/v1 Deployment apps.Deployment
root apps/v1 ReplicaSet apps.ReplicaSet
root apps/v1 StatefulSet apps.StatefulSet
root apps/v1 DaemonSet apps.DaemonSet
root batch/v1 Job batch.Job
root batch/v1 CronJob batch.CronJob
root autoscaling/v1 HorizontalPodAutoscaler asv1.HorizontalPodAutoscaler
root autoscaling/v2 HorizontalPodAutoscaler asv2.HorizontalPodAutoscaler
root rbac.authorization.k8s.io/v1 Role rbac.Role
root rbac.authorization.k8s.io/v1 ClusterRole rbac.ClusterRole
root rbac.authorization.k8s.io/v1 RoleBinding rbac.RoleBinding
root rbac.authorization.k8s.io/v1 ClusterRoleBinding rbac.ClusterRoleBinding
root scheduling.k8s.io/v1 PriorityClass sched.PriorityClass
root policy/v1 PodDisruptionBudget policy.PodDisruptionBudget
root coordination.k8s.io/v1 Lease coord.Lease
root networking.k8s.io/v1 Ingress net.Ingress
root networking.k8s.io/v1 NetworkPolicy net.NetworkPolicy
root authentication.k8s.io/v1 TokenRequest authn.TokenRequest
)table";

}  // namespace qareports::emulator
