namespace AutoShop.Domain;

/// <summary>Marker for the pure domain assembly: no Azure, HTTP or I/O references live here.</summary>
public static class DomainAssembly;
