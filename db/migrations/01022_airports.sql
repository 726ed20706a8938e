-- +goose Up
-- Airports delegations fly into and out of (issue 15). Until now they were
-- a list compiled into the program; they become reference data with a page,
-- so that a host outside the list (a partner's capital, a new airport) can
-- add its own. A travel leg's airport must be one of these (the store checks
-- it in the leg's transaction). Flight times are shown in the airport's own
-- zone, because that is what the ticket says.
--
-- Seeded: the airports of the ASEAN Member States and Timor-Leste the
-- delegations use, and the main airports of the ADMM-Plus partners'
-- capitals.

CREATE TABLE airports (
    iata      TEXT NOT NULL PRIMARY KEY CHECK (iata GLOB '[A-Z][A-Z][A-Z]'),
    name      TEXT NOT NULL CHECK (name <> ''),
    city      TEXT NOT NULL DEFAULT '',
    time_zone TEXT NOT NULL CHECK (time_zone <> '')
) STRICT;

INSERT INTO airports (iata, name, city, time_zone) VALUES
    ('PEN', 'Penang International Airport', 'Pulau Pinang', 'Asia/Kuala_Lumpur'),
    ('KUL', 'Kuala Lumpur International Airport', 'Kuala Lumpur', 'Asia/Kuala_Lumpur'),
    ('BWN', 'Brunei International Airport', 'Bandar Seri Begawan', 'Asia/Brunei'),
    ('PNH', 'Phnom Penh International Airport', 'Phnom Penh', 'Asia/Phnom_Penh'),
    ('KTI', 'Techo International Airport', 'Phnom Penh', 'Asia/Phnom_Penh'),
    ('CGK', 'Soekarno–Hatta International Airport', 'Jakarta', 'Asia/Jakarta'),
    ('VTE', 'Wattay International Airport', 'Vientiane', 'Asia/Vientiane'),
    ('RGN', 'Yangon International Airport', 'Yangon', 'Asia/Yangon'),
    ('NYT', 'Nay Pyi Taw International Airport', 'Nay Pyi Taw', 'Asia/Yangon'),
    ('MNL', 'Ninoy Aquino International Airport', 'Manila', 'Asia/Manila'),
    ('SIN', 'Singapore Changi Airport', 'Singapore', 'Asia/Singapore'),
    ('BKK', 'Suvarnabhumi Airport', 'Bangkok', 'Asia/Bangkok'),
    ('DMK', 'Don Mueang International Airport', 'Bangkok', 'Asia/Bangkok'),
    ('HAN', 'Noi Bai International Airport', 'Hanoi', 'Asia/Ho_Chi_Minh'),
    ('SGN', 'Tan Son Nhat International Airport', 'Ho Chi Minh City', 'Asia/Ho_Chi_Minh'),
    ('DIL', 'Presidente Nicolau Lobato International Airport', 'Dili', 'Asia/Dili'),
    ('CBR', 'Canberra Airport', 'Canberra', 'Australia/Sydney'),
    ('PEK', 'Beijing Capital International Airport', 'Beijing', 'Asia/Shanghai'),
    ('PKX', 'Beijing Daxing International Airport', 'Beijing', 'Asia/Shanghai'),
    ('DEL', 'Indira Gandhi International Airport', 'New Delhi', 'Asia/Kolkata'),
    ('HND', 'Tokyo Haneda Airport', 'Tokyo', 'Asia/Tokyo'),
    ('NRT', 'Narita International Airport', 'Tokyo', 'Asia/Tokyo'),
    ('WLG', 'Wellington Airport', 'Wellington', 'Pacific/Auckland'),
    ('ICN', 'Incheon International Airport', 'Seoul', 'Asia/Seoul'),
    ('SVO', 'Sheremetyevo International Airport', 'Moscow', 'Europe/Moscow'),
    ('IAD', 'Washington Dulles International Airport', 'Washington, D.C.', 'America/New_York');

-- +goose Down
-- Forward-only: Convene never migrates down.
