using System.Reflection;
using System.Runtime.Loader;
using Xunit.Sdk;

namespace Coexist.Analyzers.Tests.Verification;

/// <summary>
/// Compiles test source (typically the output of a code fix) and calls a static method in it, so a test
/// can check what the fixed code does at run time, not only how it reads.
/// </summary>
public static class CompiledSource
{
    public static object? Invoke(string source, string typeName, string methodName, params object?[] arguments)
    {
        var compilation = Analysis.Compile(source);
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        if (!emitted.Success)
            throw new XunitException("The source does not emit:\n" + string.Join("\n", emitted.Diagnostics));
        image.Position = 0;
        var context = new AssemblyLoadContext(typeName, isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(image);
            var method = assembly.GetType(typeName)?.GetMethod(methodName, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
                ?? throw new XunitException($"{typeName}.{methodName} is not a static method of the source");
            try
            {
                var result = method.Invoke(null, arguments);
                return result is Task task ? AwaitResult(task) : result;
            }
            catch (TargetInvocationException invocation) when (invocation.InnerException is not null)
            {
                throw invocation.InnerException;
            }
        }
        finally
        {
            context.Unload();
        }
    }

    private static object? AwaitResult(Task task)
    {
        task.GetAwaiter().GetResult();
        return task.GetType().GetProperty("Result")?.GetValue(task);
    }
}
