// One storage account for the app's data (tables, report blobs) and for the Functions host (deployment
// package, timer leases). No shared keys: only Entra ID identities with data roles reach it.
param name string
param location string
param tags object

@description('Tables the app uses (Functions/Storage/TableNames.cs).')
var tableNames = ['health', 'events', 'registrations', 'reminders', 'clusters', 'reports', 'indicators', 'messages', 'audit', 'emailrefusals', 'introductions', 'cooperation', 'agreement', 'meetings']
var deploymentContainerName = 'app-package'
@description('The email delivery queue (Email:QueueName) and the poison queue the Functions host moves failed messages to.')
var emailQueueName = 'emails'

resource account 'Microsoft.Storage/storageAccounts@2024-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
    publicNetworkAccess: 'Enabled'
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2024-01-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: { enabled: true, days: 7 }
  }
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: { publicAccess: 'None' }
}

resource documents 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: 'documents'
  properties: { publicAccess: 'None' }
}

resource agreement 'Microsoft.Storage/storageAccounts/blobServices/containers@2024-01-01' = {
  parent: blobService
  name: 'agreement'
  properties: { publicAccess: 'None' }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2024-01-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2024-01-01' = [for table in tableNames: {
  parent: tableService
  name: table
}]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2024-01-01' = {
  parent: account
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2024-01-01' = [for queue in [emailQueueName, '${emailQueueName}-poison']: {
  parent: queueService
  name: queue
}]

output name string = account.name
output emailQueueName string = emailQueueName
output deploymentContainerName string = deploymentContainer.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
