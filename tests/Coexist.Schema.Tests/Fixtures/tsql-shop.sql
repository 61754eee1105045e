USE [Shop]
GO
/****** Object:  Table [dbo].[Hosts]    Script Date: 02/03/2024 11:04:17 ******/
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE TABLE [dbo].[Hosts](
	[Ip] [varchar](15) NOT NULL,
	[HostName] [nvarchar](255) NOT NULL,
	[IpV6] [varbinary](16) NULL,
 CONSTRAINT [PK_Hosts] PRIMARY KEY CLUSTERED 
(
	[Ip] ASC
)WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, IGNORE_DUP_KEY = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON, OPTIMIZE_FOR_SEQUENTIAL_KEY = OFF) ON [PRIMARY]
) ON [PRIMARY]
GO
/****** Object:  Table [dbo].[Sessions]    Script Date: 02/03/2024 11:04:17 ******/
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE TABLE [dbo].[Sessions](
	[Id] [bigint] IDENTITY(1,1) NOT NULL,
	[CustomerId] [int] NOT NULL,
	[ClientIP] [varchar](15) NOT NULL,
	[IpNumber] [bigint] NULL,
	[EmailAddress] [nvarchar](254) NULL,
	[UserAgent] [nvarchar](max) NULL,
	[Notes] [nvarchar](max) NULL,
 CONSTRAINT [PK_Sessions] PRIMARY KEY CLUSTERED 
(
	[Id] ASC
)WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, IGNORE_DUP_KEY = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON, OPTIMIZE_FOR_SEQUENTIAL_KEY = OFF) ON [PRIMARY]
) ON [PRIMARY] TEXTIMAGE_ON [PRIMARY]
GO
/****** Object:  Table [dbo].[AccessRules]    Script Date: 02/03/2024 11:04:17 ******/
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE TABLE [dbo].[AccessRules](
	[RuleId] [int] IDENTITY(1,1) NOT NULL,
	[SourceAddress] [char](15) NOT NULL,
	[SourceIpBin] [binary](4) NULL,
	[Description] [nvarchar](200) NULL
) ON [PRIMARY]
GO
SET ANSI_PADDING ON
GO
/****** Object:  Index [IX_Sessions_ClientIP]    Script Date: 02/03/2024 11:04:17 ******/
CREATE NONCLUSTERED INDEX [IX_Sessions_ClientIP] ON [dbo].[Sessions]
(
	[ClientIP] ASC
)
INCLUDE([CustomerId]) WITH (PAD_INDEX = OFF, STATISTICS_NORECOMPUTE = OFF, SORT_IN_TEMPDB = OFF, DROP_EXISTING = OFF, ONLINE = OFF, ALLOW_ROW_LOCKS = ON, ALLOW_PAGE_LOCKS = ON, OPTIMIZE_FOR_SEQUENTIAL_KEY = OFF) ON [PRIMARY]
GO
ALTER TABLE [dbo].[Sessions] ADD  CONSTRAINT [DF_Sessions_ClientIP]  DEFAULT ('0.0.0.0') FOR [ClientIP]
GO
ALTER TABLE [dbo].[Sessions]  WITH CHECK ADD  CONSTRAINT [FK_Sessions_Hosts] FOREIGN KEY([ClientIP])
REFERENCES [dbo].[Hosts] ([Ip])
GO
ALTER TABLE [dbo].[Sessions] CHECK CONSTRAINT [FK_Sessions_Hosts]
GO
ALTER TABLE [dbo].[AccessRules]  WITH CHECK ADD  CONSTRAINT [CK_AccessRules_SourceAddress] CHECK  (([SourceAddress] like '%_.%_.%_.%_'))
GO
ALTER TABLE [dbo].[AccessRules] CHECK CONSTRAINT [CK_AccessRules_SourceAddress]
GO
/****** Object:  StoredProcedure [dbo].[GetOctets]    Script Date: 02/03/2024 11:04:17 ******/
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE PROCEDURE [dbo].[GetOctets]
	@ClientIp varchar(15)
AS
BEGIN
	SET NOCOUNT ON;
	DECLARE @first int = CAST(PARSENAME(@ClientIp, 4) AS int);
	-- 'Server.Database.Schema.Object' style names are split too, but not here:
	SELECT PARSENAME('Shop.dbo.Sessions', 1) AS TableName;
	IF @ClientIp = N'127.0.0.1' OR @first = 10
		SELECT 'internal' AS Kind;
	SELECT [Id] FROM [dbo].[Sessions] WHERE [ClientIP] = @ClientIp;
END
GO
/****** Object:  View [dbo].[OfficeSessions]    Script Date: 02/03/2024 11:04:17 ******/
SET ANSI_NULLS ON
GO
SET QUOTED_IDENTIFIER ON
GO
CREATE VIEW [dbo].[OfficeSessions]
AS
SELECT Id, ClientIP FROM dbo.Sessions WHERE ClientIP LIKE '10.20.%' AND ClientIP <> '10.20.0.1';
GO
EXEC sys.sp_addextendedproperty @name=N'MS_Description', @value=N'Address of the remote host' , @level0type=N'SCHEMA',@level0name=N'dbo', @level1type=N'TABLE',@level1name=N'AccessRules', @level2type=N'COLUMN',@level2name=N'SourceAddress'
GO
