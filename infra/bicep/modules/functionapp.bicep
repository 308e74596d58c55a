metadata description = 'The Flex Consumption plan and the Linux function app running AutoShop on the .NET isolated worker, with every app setting it reads.'

@description('Azure region.')
param location string

@description('Flex Consumption plan name.')
param planName string

@description('Function app name (globally unique: it is the default host name).')
param functionAppName string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity.')
param identityClientId string

@description('Storage account for the host, the app data and the deployment package.')
param storageAccountName string

@description('Blob endpoint of that account, e.g. https://<account>.blob.core.windows.net/.')
param blobEndpoint string

@description('Container the app package is deployed to.')
param deploymentContainer string

@description('Application Insights component name.')
param insightsName string

@description('Key Vault URI, e.g. https://<vault>.vault.azure.net/ (ends with a slash).')
param keyVaultUri string

@description('Memory per instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Upper bound of instances the plan scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('Public base URL of signed links; empty uses https://<default host name>.')
param publicBaseUrl string

@description('Audience (Application ID URI or client id) of staff bearer tokens.')
param staffApiAudience string

@description('App role a staff token must carry.')
param staffRole string

@description('Sender domain of the ACS Azure-managed email domain (<guid>.azurecomm.net).')
param mailFromSenderDomain string

@description('SMTP username linked to the Entra application (Email__Username).')
param smtpUsername string

@description('True while a previous link-signing key must still be accepted (during a rotation).')
param hasPreviousSigningKey bool

@description('Reminder offsets before an appointment.')
param reminderOffsets string

@description('ACS sender number; empty disables sending SMS.')
param smsFromNumber string

@description('Shop-local time of the daily CSV drop.')
param dailyDropLocalTime string

@description('True while a previous dashboard-link key must still verify.')
param hasPreviousDashboardKey bool

@description('Parts desk email address.')
param partsDeskEmail string

@description('Largest document upload in bytes.')
param maxDocumentBytes int

@description('Most documents per appointment.')
param maxDocumentsPerAppointment int

@description('Comma-separated approver email addresses.')
param approverEmails string

@description('Time staff have to decide an exception request (TimeSpan).')
param approvalTimeToDecide string

@description('Durable task hub of this environment (letters and digits, a letter first, 3 to 50 characters); host.json reads it as %DurableTaskHubName%.')
@minLength(3)
@maxLength(50)
param durableTaskHubName string

param tags object

resource insights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: insightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true // Linux
  }
}

resource site 'Microsoft.Web/sites@2024-11-01' = {
  name: functionAppName
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    publicNetworkAccess: 'Enabled'
    // @Microsoft.KeyVault(...) settings resolve with this identity (Key Vault Secrets User).
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainer}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      // The .NET 10 isolated worker (functions.metadata and worker.config.json in the package). On Flex
      // Consumption this replaces the FUNCTIONS_WORKER_RUNTIME=dotnet-isolated app setting, which the plan rejects.
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
    }
  }
}

// Every setting the app reads in Azure. tests/AutoShop.Deployment.Tests compiles this template and
// compares these names with local.settings.sample.json and the app's options: keep this a literal object.
resource appSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    // Identity-based host and app storage: no connection string, no account key.
    AzureWebJobsStorage__accountName: storageAccountName
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId

    // Telemetry from the Functions host, ingested with the managed identity (local auth is off).
    APPLICATIONINSIGHTS_CONNECTION_STRING: insights.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'

    // The Durable Functions task hub (host.json extensions.durableTask.hubName): its tables, queues and lease blobs in the
    // app's storage account. One per environment, so a copy of the app pointed at another account never shares instances.
    DurableTaskHubName: durableTaskHubName

    // How long the app waits for storage: a request answers 503 with Retry-After once its budget is spent;
    // background work ends an attempt without a reply after the network timeout (docs/deploy.md, "Storage outages").
    Storage__RequestBudget: '00:00:02'
    Storage__HealthTimeout: '00:00:01'
    Storage__NetworkTimeout: '00:00:10'
    Storage__MaxRetries: '3'
    Storage__RetryDelay: '00:00:00.400'
    Storage__RetryAfter: '00:00:05'

    // Staff sign in with Entra ID; no API keys exist in Azure.
    Staff__EntraAuthority: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
    Staff__EntraAudience: staffApiAudience
    Staff__EntraRole: staffRole

    // Azure Communication Services over SMTP (STARTTLS on 587, Entra application credentials).
    Email__SmtpHost: 'smtp.azurecomm.net'
    Email__SmtpPort: '587'
    Email__UseStartTls: 'true'
    Email__From: 'AutoShop <DoNotReply@${mailFromSenderDomain}>'
    Email__Username: smtpUsername
    Email__Password: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/email-smtp-password/)'

    // Signed customer and staff links. Versionless secret URIs, so a rotation needs no redeployment.
    Links__PublicBaseUrl: empty(publicBaseUrl) ? 'https://${site.properties.defaultHostName}' : publicBaseUrl
    Links__SigningKeys__Current: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/links-signing-key-current/)'
    // Empty outside a rotation: an unresolvable reference would reach the app as its literal text.
    Links__SigningKeys__Previous: hasPreviousSigningKey ? '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/links-signing-key-previous/)' : ''

    // Who decides customers' exception requests, and how long they have.
    Approvals__Approvers: approverEmails
    Approvals__TimeToDecide: approvalTimeToDecide

    // Parts desk and document limits.
    Inventory__PartsDeskEmail: partsDeskEmail
    Documents__MaxFileBytes: string(maxDocumentBytes)
    Documents__MaxFilesPerAppointment: string(maxDocumentsPerAppointment)

    // Reporting: late-cancellation window for KPIs, the daily CSV drop, signed dashboard links (keys in Key Vault).
    Reporting__LateCancellationHours: '24'
    Reporting__DailyDropLocalTime: dailyDropLocalTime
    Reporting__MaxCatchUpDays: '31'
    Reporting__DashboardSigningKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/dashboard-signing-key/)'
    Reporting__DashboardPreviousSigningKey: hasPreviousDashboardKey ? '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/dashboard-signing-key-previous/)' : ''
    Reporting__DashboardLinkLifetime: '00:15:00'

    // Customer notifications: reminder offsets, follow-up delay, SMS quiet hours (the shop's; recipients' own hours apply too),
    // send retries, and who SMS keyword replies come from when a number has no booking.
    Notifications__ReminderOffsets: reminderOffsets
    Notifications__FollowUpDelay: '1.00:00:00'
    Notifications__SmsAllowedFrom: '08:00'
    Notifications__SmsAllowedUntil: '21:00'
    Notifications__MaxRealDelay: '7.00:00:00'
    Notifications__ClaimLease: '00:02:00'
    Notifications__SendAttempts: '3'
    Notifications__RetryDelay: '00:00:00.200'
    Notifications__SmsProgramName: 'AutoShop'
    Notifications__BackoffFirstDelay: '00:01:00'
    Notifications__BackoffMaxDelay: '00:30:00'
    Notifications__GiveUpAfter: '1.00:00:00'

    // SMS through Communication Services (connection string written to Key Vault by the deployment);
    // without a sender number SMS stay in the app's outbox table. Inbound SMS arrive by Event Grid with a shared key.
    Sms__ConnectionString: empty(smsFromNumber) ? '' : '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/acs-connection-string/)'
    Sms__From: smsFromNumber
    Sms__EnableDeliveryReport: 'true'
    Sms__InboundWebhookKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/sms-inbound-webhook-key/)'

    // Teams Workflows webhook ("When a Teams webhook request is received"); its URL carries a signature.
    Teams__WebhookUrl: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/teams-webhook-url/)'
  }
}

// Deployments authenticate with Entra ID (az functionapp deploy); no publishing user or password.
resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'scm'
  properties: { allow: false }
}

resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: site
  name: 'ftp'
  properties: { allow: false }
}

output functionAppName string = site.name
output defaultHostName string = site.properties.defaultHostName
