metadata description = 'The storage account behind the app and the Functions host: tables, queues with their poison queues, blob containers and the Flex Consumption deployment container. Identity access only.'

@description('Azure region.')
param location string

@description('Storage account name (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param accountName string

@description('Replication: LRS for dev, zone-redundant for production.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GZRS'
])
param sku string

@description('Tables the app uses (alphanumeric names).')
param tables string[]

@description('Queues the app consumes; each also gets its "<name>-poison" queue, where the Functions host moves a message after its last failed delivery.')
param queues string[]

@description('Blob containers the app uses.')
param containers string[]

@description('Container Flex Consumption deploys the app package from.')
param deploymentContainer string

@description('Days deleted blobs and containers stay recoverable.')
@minValue(1)
@maxValue(365)
param deleteRetentionDays int

param tags object

resource account 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: accountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: sku }
  properties: {
    accessTier: 'Hot'
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    allowBlobPublicAccess: false
    // Everything here authenticates with Entra ID: the app and the host through the managed identity
    // (AzureWebJobsStorage__credential=managedidentity), Flex Consumption's package download too. No
    // account key is handed out, so none can leak.
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowCrossTenantReplication: false
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
    encryption: {
      keySource: 'Microsoft.Storage'
      requireInfrastructureEncryption: false
      services: {
        blob: { enabled: true, keyType: 'Account' }
        file: { enabled: true, keyType: 'Account' }
        queue: { enabled: true, keyType: 'Account' }
        table: { enabled: true, keyType: 'Account' }
      }
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: account
  name: 'default'
  properties: {
    deleteRetentionPolicy: { enabled: true, days: deleteRetentionDays }
    containerDeleteRetentionPolicy: { enabled: true, days: deleteRetentionDays }
  }
}

resource blobContainers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = [for name in concat(containers, [deploymentContainer]): {
  parent: blobService
  name: name
  properties: { publicAccess: 'None' }
}]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-01-01' = {
  parent: account
  name: 'default'
}

resource workQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-01-01' = [for name in queues: {
  parent: queueService
  name: name
}]

// Created up front so staff tooling (GET /api/ops/poison-messages) and alerts can read them before
// the first failure.
resource poisonQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-01-01' = [for name in queues: {
  parent: queueService
  name: '${name}-poison'
}]

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-01-01' = {
  parent: account
  name: 'default'
}

resource appTables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-01-01' = [for name in tables: {
  parent: tableService
  name: name
}]

output accountName string = account.name
output blobEndpoint string = account.properties.primaryEndpoints.blob
