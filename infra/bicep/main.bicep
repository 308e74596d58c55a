metadata description = 'AutoShop on Azure Functions (Flex Consumption, Linux, .NET 10 isolated worker) with its storage, managed identity, Key Vault, Communication Services and Application Insights. Deploy into an existing resource group; see docs/deploy.md.'

targetScope = 'resourceGroup'

@description('Short name that starts every resource name.')
@minLength(3)
@maxLength(12)
param appName string = 'autoshop'

@description('Environment, part of every resource name.')
@allowed([
  'dev'
  'prod'
])
param environmentName string

@description('Azure region of the regional resources (a region that offers Flex Consumption).')
param location string = resourceGroup().location

@description('Memory per Flex Consumption instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Upper bound of instances the function app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Storage replication.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_LRS'

@description('Days Log Analytics keeps logs.')
@minValue(30)
@maxValue(730)
param logRetentionInDays int = 30

@description('Days deleted blobs, containers and Key Vault secrets stay recoverable.')
@minValue(7)
@maxValue(90)
param deleteRetentionInDays int = 7

@description('Key Vault purge protection (irreversible once on; use it in production).')
param keyVaultPurgeProtection bool = false

@description('Where Communication Services stores data at rest.')
param communicationDataLocation string = 'United States'

@description('Audience of staff bearer tokens: the Application ID URI (api://...) or client id of the staff API app registration.')
param staffApiAudience string

@description('App role a staff token must carry (Staff__EntraRole).')
param staffRole string = 'AutoShop.Staff'

@description('Public base URL of signed links (a custom domain); empty uses the function app default host name.')
param publicBaseUrl string = ''

@description('Application (client) id of the Entra application that authenticates SMTP to ACS; empty skips the SMTP username resource.')
param smtpEntraApplicationId string = ''

@description('SMTP username (Email__Username).')
param smtpUsername string = '${appName}-${environmentName}-smtp'

@description('True during a signing-key rotation, while links signed with the previous key must still verify (docs/deploy.md).')
param hasPreviousSigningKey bool = false

@description('Object id of the person or pipeline that sets Key Vault secrets (gets Key Vault Secrets Officer); empty grants nobody.')
param vaultOperatorPrincipalId string = ''

@description('Comma-separated email addresses of the staff who decide exception requests (Approvals__Approvers).')
param approverEmails string = ''

@description('How long staff have to decide an exception request, as a TimeSpan (Approvals__TimeToDecide); never past the appointment.')
param approvalTimeToDecide string = '12:00:00'

@description('Where parts shortages and procurement requests are emailed (Inventory__PartsDeskEmail).')
param partsDeskEmail string

@description('Largest document upload in bytes (Documents__MaxFileBytes).')
param maxDocumentBytes int = 15728640

@description('Most documents per appointment (Documents__MaxFilesPerAppointment).')
param maxDocumentsPerAppointment int = 20

@description('Shop-local time each shop\'s previous day is dropped to the exports container (Reporting__DailyDropLocalTime).')
param dailyDropLocalTime string = '02:00'

@description('True during a dashboard-link key rotation (Reporting__DashboardPreviousSigningKey from Key Vault).')
param hasPreviousDashboardKey bool = false

@description('Reminder offsets before an appointment, e.g. 24h,2h (Notifications__ReminderOffsets).')
param reminderOffsets string = '24h,2h'

@description('The ACS phone number SMS are sent from, E.164 (Sms__From); empty keeps SMS in the app\'s outbox table instead of sending.')
param smsFromNumber string = ''

@description('Tags on every resource.')
param tags object = {}

var suffix = uniqueString(resourceGroup().id, appName, environmentName)
var baseName = '${appName}-${environmentName}'
var allTags = union(tags, { application: 'autoshop', environment: environmentName })

// Names are computed here, not read from module outputs, so they are known before deployment
// (What-If can then predict every resource); modules that need another's resource say so in dependsOn.
var names = {
  workspace: '${baseName}-logs'
  insights: '${baseName}-insights'
  storage: take('st${replace(appName, '-', '')}${suffix}', 24)
  keyVault: take('kv-${baseName}-${suffix}', 24)
  identity: '${baseName}-identity'
  communication: '${baseName}-acs-${suffix}'
  emailService: '${baseName}-email'
  plan: '${baseName}-plan'
  functionApp: '${baseName}-${suffix}'
}

// The storage the app expects (names from functions/AutoShop.Functions). The app also creates them at
// start; declaring them makes the account complete before the first deployment and lets the
// deployment tests hold these lists against the app's own registrations.
var storageTables = [
  'shops'
  'schedule'
  'idempotency'
  'policies'
  'approvalnotices'
  'jobcards'
  'inventory'
  'documents'
  'auditchain'
  'exportdrops'
  'consents'
  'notificationlog'
  'undelivered'
  'notificationtemplates'
  'smsoutbox'
  'poisonmessages'
]
var storageQueues = [
  'appointment-events'
  'approval-events'
  'approval-expiry'
  'jobcard-events'
  'audit-events'
  'notification-events'
  'notification-timers'
  'parts-desk-notices'
]
var storageContainers = [
  'function-timers'
  'documents'
  'exports'
]
var deploymentContainer = 'app-package'

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    workspaceName: names.workspace
    insightsName: names.insights
    retentionInDays: logRetentionInDays
    tags: allTags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    accountName: names.storage
    sku: storageSku
    tables: storageTables
    queues: storageQueues
    containers: storageContainers
    deploymentContainer: deploymentContainer
    deleteRetentionDays: deleteRetentionInDays
    tags: allTags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    vaultName: names.keyVault
    softDeleteRetentionInDays: deleteRetentionInDays
    purgeProtection: keyVaultPurgeProtection
    tags: allTags
  }
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    location: location
    identityName: names.identity
    storageAccountName: names.storage
    keyVaultName: names.keyVault
    insightsName: names.insights
    vaultOperatorPrincipalId: vaultOperatorPrincipalId
    tags: allTags
  }
  dependsOn: [
    storage
    keyVault
    monitoring
  ]
}

module communication 'modules/communication.bicep' = {
  name: 'communication'
  params: {
    communicationName: names.communication
    emailServiceName: names.emailService
    dataLocation: communicationDataLocation
    keyVaultName: names.keyVault
    smtpEntraApplicationId: smtpEntraApplicationId
    smtpUsername: smtpUsername
    tags: allTags
  }
  dependsOn: [
    keyVault
  ]
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  params: {
    location: location
    planName: names.plan
    functionAppName: names.functionApp
    identityId: identity.outputs.identityId
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.accountName
    blobEndpoint: storage.outputs.blobEndpoint
    deploymentContainer: deploymentContainer
    insightsName: names.insights
    keyVaultUri: keyVault.outputs.vaultUri
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    publicBaseUrl: publicBaseUrl
    staffApiAudience: staffApiAudience
    staffRole: staffRole
    mailFromSenderDomain: communication.outputs.mailFromSenderDomain
    smtpUsername: smtpUsername
    hasPreviousSigningKey: hasPreviousSigningKey
    approverEmails: approverEmails
    approvalTimeToDecide: approvalTimeToDecide
    partsDeskEmail: partsDeskEmail
    maxDocumentBytes: maxDocumentBytes
    maxDocumentsPerAppointment: maxDocumentsPerAppointment
    dailyDropLocalTime: dailyDropLocalTime
    reminderOffsets: reminderOffsets
    smsFromNumber: smsFromNumber
    hasPreviousDashboardKey: hasPreviousDashboardKey
    durableTaskHubName: '${replace(appName, '-', '')}${environmentName}'
    tags: allTags
  }
  dependsOn: [
    monitoring
  ]
}

output functionAppName string = functionApp.outputs.functionAppName
output functionAppUrl string = 'https://${functionApp.outputs.defaultHostName}'
output storageAccountName string = storage.outputs.accountName
output keyVaultName string = keyVault.outputs.vaultName
output communicationName string = communication.outputs.communicationName
output applicationInsightsName string = monitoring.outputs.insightsName
