var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/", () => "AutoShop");
app.Run();

public partial class Program;
