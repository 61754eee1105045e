using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Coexist.Analyzers;

/// <summary>
/// The ASP.NET Core APIs that take listening URLs (<c>UseUrls</c>, <c>WebApplication.Run(url)</c>,
/// <c>app.Urls.Add</c>). COEX1003 owns what is written there; the literal rules stay out of its way.
/// </summary>
internal static class ListenerUrls
{
    public static bool IsListenerUrlArgument(IArgumentOperation argument, NetworkSymbols symbols)
    {
        if (argument.Parent is not IInvocationOperation invocation) return false;
        var method = invocation.TargetMethod;
        if (method.Name == "UseUrls" && method.ContainingType.Is(symbols.HostingAbstractionsWebHostBuilderExtensions))
            return true;
        if (method.Name is "Run" or "RunAsync" && method.ContainingType.Is(symbols.WebApplication))
            return true;
        return IsListenerUrlCollectionAdd(invocation, symbols);
    }

    /// <summary><c>app.Urls.Add(url)</c> and <c>feature.Addresses.Add(url)</c>.</summary>
    public static bool IsListenerUrlCollectionAdd(IInvocationOperation invocation, NetworkSymbols symbols) =>
        invocation.TargetMethod.Name == "Add"
        && invocation.Instance is IPropertyReferenceOperation collection
        && ((collection.Property.Name == "Urls" && collection.Property.ContainingType.Is(symbols.WebApplication))
            || (collection.Property.Name == "Addresses" && collection.Property.ContainingType.Is(symbols.ServerAddressesFeature)));
}
