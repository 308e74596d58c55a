using AutoShop.Testing;
using AutoShop.Testing.Browser;

// One headless Chromium for the whole assembly; each test gets its own browser context.
[assembly: AssemblyFixture(typeof(ChromiumBrowser))]

// Azurite and MailDev on random loopback ports for the pages that run against the real app.
[assembly: AssemblyFixture(typeof(DevServicesFixture))]
