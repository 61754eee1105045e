using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace Coexist.Scan;

/// <summary>
/// A file reduced to its declarations: every member keeps its name, type and attributes, and loses its
/// body. Files that cannot hold a finding (see RuleTriggers) are analyzed in this form, so that the rules
/// still see every type the other files use, but the compiler never binds code no rule looks at.
/// The skeleton has compile errors (members without bodies); they are never emitted or reported.
/// </summary>
internal sealed class DeclarationSkeleton : CSharpSyntaxRewriter
{
    private static readonly SyntaxToken Semicolon = Token(SyntaxKind.SemicolonToken);

    public static SyntaxTree Of(SyntaxTree tree, CancellationToken cancellationToken) =>
        tree.WithRootAndOptions(new DeclarationSkeleton().Visit(tree.GetRoot(cancellationToken)), tree.Options);

    public override SyntaxNode? VisitMethodDeclaration(MethodDeclarationSyntax node) =>
        node.WithBody(null).WithExpressionBody(null).WithSemicolonToken(Semicolon);

    public override SyntaxNode? VisitConstructorDeclaration(ConstructorDeclarationSyntax node) =>
        node.WithBody(null).WithExpressionBody(null).WithInitializer(null).WithSemicolonToken(Semicolon);

    public override SyntaxNode? VisitDestructorDeclaration(DestructorDeclarationSyntax node) =>
        node.WithBody(null).WithExpressionBody(null).WithSemicolonToken(Semicolon);

    public override SyntaxNode? VisitOperatorDeclaration(OperatorDeclarationSyntax node) =>
        node.WithBody(null).WithExpressionBody(null).WithSemicolonToken(Semicolon);

    public override SyntaxNode? VisitConversionOperatorDeclaration(ConversionOperatorDeclarationSyntax node) =>
        node.WithBody(null).WithExpressionBody(null).WithSemicolonToken(Semicolon);

    public override SyntaxNode? VisitAccessorDeclaration(AccessorDeclarationSyntax node) =>
        node.WithBody(null).WithExpressionBody(null).WithSemicolonToken(Semicolon);

    public override SyntaxNode? VisitPropertyDeclaration(PropertyDeclarationSyntax node) =>
        node.ExpressionBody is null
            ? base.VisitPropertyDeclaration(node)
            : node.WithExpressionBody(null).WithSemicolonToken(default).WithAccessorList(GetterOnly);

    public override SyntaxNode? VisitIndexerDeclaration(IndexerDeclarationSyntax node) =>
        node.ExpressionBody is null
            ? base.VisitIndexerDeclaration(node)
            : node.WithExpressionBody(null).WithSemicolonToken(default).WithAccessorList(GetterOnly);

    private static AccessorListSyntax GetterOnly =>
        AccessorList(SingletonList(AccessorDeclaration(SyntaxKind.GetAccessorDeclaration).WithSemicolonToken(Semicolon)));
}
