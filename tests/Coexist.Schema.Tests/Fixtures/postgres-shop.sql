--
-- PostgreSQL database dump
--

\restrict 4uJwq8b2Xc0d9Rf

-- Dumped from database version 15.8 (Debian 15.8-0+deb12u1)
-- Dumped by pg_dump version 15.8 (Debian 15.8-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: shop; Type: SCHEMA; Schema: -; Owner: shop_owner
--

CREATE SCHEMA shop;


ALTER SCHEMA shop OWNER TO shop_owner;

--
-- Name: ipv4_text; Type: DOMAIN; Schema: shop; Owner: shop_owner
--

CREATE DOMAIN shop.ipv4_text AS character varying(15)
	CONSTRAINT ipv4_text_check CHECK (((VALUE)::text ~ '^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$'::text));


--
-- Name: audit_login(); Type: FUNCTION; Schema: shop; Owner: shop_owner
--

CREATE FUNCTION shop.audit_login() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    v_client_ip varchar(15);
BEGIN
    -- a comment naming 203.0.113.9 is not code
    v_client_ip := host(NEW.client_addr);
    IF NEW.client_addr << inet '10.0.0.0/8' THEN
        NEW.internal := true;
    END IF;
    RETURN NEW;
END;
$$;


ALTER FUNCTION shop.audit_login() OWNER TO shop_owner;

--
-- Name: ip_to_int(text); Type: FUNCTION; Schema: shop; Owner: shop_owner
--

CREATE FUNCTION shop.ip_to_int(p_ip text) RETURNS bigint
    LANGUAGE sql IMMUTABLE
    AS $_$
    SELECT split_part(p_ip, '.', 1)::bigint * 16777216
         + split_part(p_ip, '.', 2)::bigint * 65536
         + split_part(p_ip, '.', 3)::bigint * 256
         + split_part(p_ip, '.', 4)::bigint
$_$;


ALTER FUNCTION shop.ip_to_int(p_ip text) OWNER TO shop_owner;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: customers; Type: TABLE; Schema: shop; Owner: shop_owner
--

CREATE TABLE shop.customers (
    id integer NOT NULL,
    email_address character varying(254) NOT NULL,
    mac_address macaddr,
    zip character varying(10),
    "Version" character varying(15)
);


ALTER TABLE shop.customers OWNER TO shop_owner;

--
-- Name: customers_id_seq; Type: SEQUENCE; Schema: shop; Owner: shop_owner
--

CREATE SEQUENCE shop.customers_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


ALTER TABLE shop.customers_id_seq OWNER TO shop_owner;

ALTER SEQUENCE shop.customers_id_seq OWNED BY shop.customers.id;

--
-- Name: logins; Type: TABLE; Schema: shop; Owner: shop_owner
--

CREATE TABLE shop.logins (
    id bigint NOT NULL,
    customer_id integer NOT NULL,
    client_addr inet NOT NULL,
    gateway shop.ipv4_text,
    internal boolean DEFAULT false NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);


ALTER TABLE shop.logins OWNER TO shop_owner;

--
-- Name: sessions; Type: TABLE; Schema: shop; Owner: shop_owner
--

CREATE TABLE shop.sessions (
    id bigint NOT NULL,
    customer_id integer NOT NULL,
    client_ip character varying(15) NOT NULL,
    ip_number bigint,
    proxy_addr character varying(20) DEFAULT '127.0.0.1'::character varying,
    user_agent text
);


ALTER TABLE shop.sessions OWNER TO shop_owner;

--
-- Name: COLUMN sessions.client_ip; Type: COMMENT; Schema: shop; Owner: shop_owner
--

COMMENT ON COLUMN shop.sessions.client_ip IS 'Client IPv4 address, dotted quad';


--
-- Name: settings; Type: TABLE; Schema: shop; Owner: shop_owner
--

CREATE TABLE shop.settings (
    key text NOT NULL,
    value text NOT NULL
);


ALTER TABLE shop.settings OWNER TO shop_owner;

--
-- Name: v_internal_sessions; Type: VIEW; Schema: shop; Owner: shop_owner
--

CREATE VIEW shop.v_internal_sessions AS
 SELECT s.id,
    s.client_ip
   FROM shop.sessions s
  WHERE ((s.client_ip)::text ~~ '%.%.%.%'::text) AND ((s.client_ip)::text <> '192.0.2.1'::text);


ALTER TABLE shop.v_internal_sessions OWNER TO shop_owner;

--
-- Name: customers id; Type: DEFAULT; Schema: shop; Owner: shop_owner
--

ALTER TABLE ONLY shop.customers ALTER COLUMN id SET DEFAULT nextval('shop.customers_id_seq'::regclass);


--
-- Data for Name: settings; Type: TABLE DATA; Schema: shop; Owner: shop_owner
--

COPY shop.settings (key, value) FROM stdin;
allowed_hosts	10.1.2.3,10.1.2.4
api_url	http://198.51.100.20:8080/v1
\.


--
-- Name: customers customers_pkey; Type: CONSTRAINT; Schema: shop; Owner: shop_owner
--

ALTER TABLE ONLY shop.customers
    ADD CONSTRAINT customers_pkey PRIMARY KEY (id);


--
-- Name: sessions sessions_pkey; Type: CONSTRAINT; Schema: shop; Owner: shop_owner
--

ALTER TABLE ONLY shop.sessions
    ADD CONSTRAINT sessions_pkey PRIMARY KEY (id);


--
-- Name: sessions sessions_client_ip_key; Type: CONSTRAINT; Schema: shop; Owner: shop_owner
--

ALTER TABLE ONLY shop.sessions
    ADD CONSTRAINT sessions_client_ip_key UNIQUE (client_ip, customer_id);


--
-- Name: sessions_ip_number_idx; Type: INDEX; Schema: shop; Owner: shop_owner
--

CREATE INDEX sessions_ip_number_idx ON shop.sessions USING btree (ip_number);


--
-- Name: logins_gateway_idx; Type: INDEX; Schema: shop; Owner: shop_owner
--

CREATE INDEX logins_gateway_idx ON shop.logins USING btree (lower((gateway)::text));


--
-- Name: logins trg_audit_login; Type: TRIGGER; Schema: shop; Owner: shop_owner
--

CREATE TRIGGER trg_audit_login BEFORE INSERT ON shop.logins FOR EACH ROW EXECUTE FUNCTION shop.audit_login();


--
-- Name: sessions sessions_customer_id_fkey; Type: FK CONSTRAINT; Schema: shop; Owner: shop_owner
--

ALTER TABLE ONLY shop.sessions
    ADD CONSTRAINT sessions_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES shop.customers(id);


--
-- PostgreSQL database dump complete
--

\unrestrict 4uJwq8b2Xc0d9Rf

