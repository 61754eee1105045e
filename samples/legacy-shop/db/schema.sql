-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
--
-- Host: 10.0.0.5    Database: shop
-- ------------------------------------------------------
-- Server version	8.0.36

/*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
/*!40101 SET NAMES utf8mb4 */;
/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;

--
-- Table structure for table `customers`
--

DROP TABLE IF EXISTS `customers`;
/*!40101 SET @saved_cs_client     = @@character_set_client */;
/*!50503 SET character_set_client = utf8mb4 */;
CREATE TABLE `customers` (
  `id` int NOT NULL AUTO_INCREMENT,
  `name` varchar(200) NOT NULL,
  `email` varchar(320) NOT NULL,
  `last_login_ip` varchar(15) DEFAULT NULL COMMENT 'client address at last login',
  `last_login_ip_num` int unsigned DEFAULT NULL,
  `signup_ip` char(15) DEFAULT '0.0.0.0',
  PRIMARY KEY (`id`),
  UNIQUE KEY `ux_customers_email` (`email`),
  KEY `ix_customers_last_login_ip` (`last_login_ip`)
) ENGINE=InnoDB AUTO_INCREMENT=1042 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_0900_ai_ci;
/*!40101 SET character_set_client = @saved_cs_client */;

--
-- Table structure for table `orders`
--

DROP TABLE IF EXISTS `orders`;
CREATE TABLE `orders` (
  `id` int NOT NULL AUTO_INCREMENT,
  `customer_id` int NOT NULL,
  `total` decimal(10,2) NOT NULL,
  `placed_at` datetime NOT NULL,
  `status` varchar(20) NOT NULL,
  `placed_from_ip` varchar(15) NOT NULL,
  PRIMARY KEY (`id`),
  KEY `ix_orders_customer` (`customer_id`),
  CONSTRAINT `fk_orders_customer` FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

--
-- Table structure for table `audit_log`
--

DROP TABLE IF EXISTS `audit_log`;
CREATE TABLE `audit_log` (
  `id` bigint NOT NULL AUTO_INCREMENT,
  `customer_id` int NOT NULL,
  `client_ip` varchar(15) NOT NULL,
  `at` datetime NOT NULL,
  PRIMARY KEY (`id`),
  KEY `ix_audit_client_ip` (`client_ip`, `at`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

--
-- Table structure for table `sessions`
--

DROP TABLE IF EXISTS `sessions`;
CREATE TABLE `sessions` (
  `token` binary(32) NOT NULL,
  `customer_id` int NOT NULL,
  `remote_addr` binary(4) NOT NULL,
  `remote_addr6` varbinary(16) DEFAULT NULL,
  PRIMARY KEY (`token`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

--
-- Table structure for table `settings`
--

DROP TABLE IF EXISTS `settings`;
CREATE TABLE `settings` (
  `name` varchar(64) NOT NULL,
  `value` text NOT NULL,
  PRIMARY KEY (`name`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

--
-- Table structure for table `admin_networks`
--

DROP TABLE IF EXISTS `admin_networks`;
CREATE TABLE `admin_networks` (
  `id` int NOT NULL AUTO_INCREMENT,
  `network` varchar(18) NOT NULL CHECK (`network` REGEXP '^[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+/[0-9]+$'),
  PRIMARY KEY (`id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

--
-- Dumping routines for database 'shop'
--

DELIMITER ;;
CREATE DEFINER=`shop`@`10.0.0.%` FUNCTION `ip_to_number`(address varchar(15)) RETURNS int unsigned
    DETERMINISTIC
BEGIN
  RETURN INET_ATON(address);
END ;;
DELIMITER ;

DELIMITER ;;
CREATE DEFINER=`shop`@`10.0.0.%` TRIGGER `customers_login_number` BEFORE UPDATE ON `customers` FOR EACH ROW
BEGIN
  SET NEW.last_login_ip_num = INET_ATON(NEW.last_login_ip);
END ;;
DELIMITER ;

--
-- View structure for view `recent_logins`
--

CREATE VIEW `recent_logins` AS
  SELECT c.`id`, c.`email`, INET_NTOA(c.`last_login_ip_num`) AS `address`
  FROM `customers` c
  WHERE c.`last_login_ip` NOT LIKE '10.%';

/*!40014 SET FOREIGN_KEY_CHECKS=@OLD_FOREIGN_KEY_CHECKS */;
/*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;

-- Dump completed on 2026-11-02 03:00:01
