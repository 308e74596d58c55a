using AutoShop.Testing.Browser;

// One headless Chromium for the whole assembly; each test gets its own browser context.
[assembly: AssemblyFixture(typeof(ChromiumBrowser))]
