/**
 * Given names and family names by naming region. Written in Latin script (with their diacritics) so
 * that every name can become a LinkedIn-style ASCII public identifier.
 */
export interface NameRegion {
  first: readonly string[];
  last: readonly string[];
}

export const NAME_REGIONS = {
  anglo: {
    first: ['James', 'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Ethan', 'Sophia', 'Mason', 'Isabella', 'Lucas', 'Mia', 'Henry', 'Charlotte', 'Jack', 'Amelia', 'Owen', 'Harper', 'Grace', 'Daniel', 'Chloe', 'Ryan', 'Megan', 'Sean', 'Siobhan', 'Aidan', 'Hannah', 'Caleb', 'Zoe', 'Nathan', 'Tyrone', 'Jasmine', 'Malik', 'Brooke', 'Connor'],
    last: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Taylor', 'Anderson', 'Thomas', 'Moore', 'Clark', 'Walker', 'Hall', 'Young', 'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Campbell', 'Murphy', "O'Brien", 'Kelly', 'Walsh', 'Robinson', 'Hughes', 'Evans', 'MacDonald', 'Fitzgerald'],
  },
  french: {
    first: ['Camille', 'Léa', 'Manon', 'Chloé', 'Inès', 'Lucas', 'Hugo', 'Louis', 'Théo', 'Jules', 'Mathilde', 'Émilie', 'Antoine', 'Julien', 'Nicolas', 'Céline', 'Élodie', 'Maxime', 'Baptiste', 'Margaux', 'Thibault', 'Aurélie', 'Océane', 'Gaëlle', 'François', 'Anne-Sophie', 'Jean-Baptiste'],
    last: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'André', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'Faure', 'Rousseau', 'Benali'],
  },
  german: {
    first: ['Lukas', 'Leon', 'Finn', 'Jonas', 'Paul', 'Felix', 'Maximilian', 'Elias', 'Anna', 'Lena', 'Leonie', 'Hannah', 'Marie', 'Sophie', 'Johanna', 'Katharina', 'Jürgen', 'Sabine', 'Matthias', 'Stefanie', 'Tobias', 'Julia', 'Florian', 'Anja', 'Sebastian', 'Niklas', 'Jana'],
    last: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Schäfer', 'Koch', 'Bauer', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger', 'Hartmann', 'Lange', 'Huber', 'Gruber', 'Keller', 'Brunner', 'Weiß', 'Yilmaz'],
  },
  hispanic: {
    first: ['Sofía', 'Lucía', 'Martina', 'María', 'Paula', 'Valentina', 'Camila', 'Daniela', 'Alejandro', 'Hugo', 'Pablo', 'Diego', 'Mateo', 'Javier', 'Carlos', 'Santiago', 'Andrés', 'Jimena', 'Ximena', 'Sebastián', 'Gabriela', 'Fernando', 'Isabel', 'Rocío', 'Joaquín', 'José Luis'],
    last: ['García', 'Rodríguez', 'González', 'Fernández', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Martín', 'Jiménez', 'Ruiz', 'Hernández', 'Díaz', 'Moreno', 'Álvarez', 'Muñoz', 'Romero', 'Navarro', 'Torres', 'Ramírez', 'Flores', 'Castillo', 'Vargas', 'Ortega', 'Morales', 'Herrera', 'Peña'],
  },
  italian: {
    first: ['Giulia', 'Francesca', 'Chiara', 'Alessandra', 'Sara', 'Martina', 'Federica', 'Elena', 'Marco', 'Luca', 'Matteo', 'Lorenzo', 'Andrea', 'Davide', 'Giovanni', 'Alessandro', 'Riccardo', 'Stefano', 'Simone', 'Paolo', 'Valentina', 'Beatrice', 'Niccolò'],
    last: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'De Luca', 'Mancini', 'Costa', 'Giordano', 'Rizzo', 'Lombardi', 'Moretti', 'Barbieri', 'Fontana', 'Santoro', 'Caruso'],
  },
  dutch: {
    first: ['Daan', 'Sem', 'Lars', 'Bram', 'Thijs', 'Jeroen', 'Joost', 'Sanne', 'Lotte', 'Femke', 'Anouk', 'Eva', 'Fleur', 'Maartje', 'Ruben', 'Niels', 'Sven', 'Iris', 'Mirjam', 'Pieter', 'Wouter', 'Noor'],
    last: ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer', 'Peeters', 'Claes'],
  },
  nordic: {
    first: ['Erik', 'Lars', 'Anders', 'Johan', 'Magnus', 'Oskar', 'Nils', 'Mikael', 'Henrik', 'Astrid', 'Ingrid', 'Sigrid', 'Freja', 'Elin', 'Maja', 'Linnea', 'Karin', 'Sofie', 'Aino', 'Mikko', 'Juha', 'Elina', 'Saara', 'Björn', 'Søren', 'Mette'],
    last: ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsen', 'Hansen', 'Johansen', 'Pedersen', 'Nielsen', 'Jensen', 'Christensen', 'Korhonen', 'Virtanen', 'Mäkinen', 'Nieminen', 'Lindqvist', 'Berg', 'Haugen', 'Lindström', 'Holm', 'Dahl', 'Sørensen'],
  },
  slavic: {
    first: ['Jakub', 'Kacper', 'Szymon', 'Mateusz', 'Piotr', 'Tomasz', 'Paweł', 'Krzysztof', 'Agnieszka', 'Katarzyna', 'Magdalena', 'Małgorzata', 'Zuzanna', 'Aleksandra', 'Natalia', 'Ondřej', 'Tereza', 'Jana', 'Petr', 'Lukáš', 'Oleksandr', 'Dmytro', 'Andriy', 'Iryna', 'Olena', 'Kateryna', 'Yulia', 'Maksym'],
    last: ['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kowalczyk', 'Kamiński', 'Lewandowski', 'Zieliński', 'Szymański', 'Woźniak', 'Dąbrowski', 'Kozłowski', 'Mazur', 'Novák', 'Svoboda', 'Dvořák', 'Černý', 'Procházka', 'Shevchenko', 'Kovalenko', 'Bondarenko', 'Tkachenko', 'Melnyk', 'Boyko', 'Lysenko', 'Moroz'],
  },
  lusophone: {
    first: ['João', 'Pedro', 'Gabriel', 'Rafael', 'Miguel', 'Tiago', 'Gustavo', 'Bruno', 'Leonardo', 'Ana', 'Beatriz', 'Mariana', 'Larissa', 'Fernanda', 'Juliana', 'Camila', 'Inês', 'Carolina', 'Letícia', 'Thiago', 'Vitória', 'Luíza'],
    last: ['Silva', 'Santos', 'Oliveira', 'Souza', 'Pereira', 'Costa', 'Ferreira', 'Rodrigues', 'Almeida', 'Nascimento', 'Lima', 'Araújo', 'Carvalho', 'Gomes', 'Martins', 'Ribeiro', 'Barbosa', 'Rocha', 'Cardoso', 'Teixeira', 'Conceição'],
  },
  indian: {
    first: ['Aarav', 'Vivaan', 'Aditya', 'Arjun', 'Rohan', 'Rahul', 'Vikram', 'Sanjay', 'Karthik', 'Pranav', 'Ananya', 'Priya', 'Diya', 'Aishwarya', 'Kavya', 'Neha', 'Pooja', 'Shreya', 'Meera', 'Divya', 'Lakshmi', 'Siddharth', 'Nikhil', 'Harpreet', 'Deepika', 'Imran', 'Farhan'],
    last: ['Sharma', 'Patel', 'Singh', 'Kumar', 'Gupta', 'Reddy', 'Iyer', 'Nair', 'Menon', 'Rao', 'Joshi', 'Mehta', 'Shah', 'Desai', 'Chatterjee', 'Banerjee', 'Mukherjee', 'Agarwal', 'Kapoor', 'Malhotra', 'Pillai', 'Krishnan', 'Bhat', 'Verma', 'Chopra', 'Qureshi'],
  },
  chinese: {
    first: ['Wei', 'Jing', 'Min', 'Hao', 'Yang', 'Xin', 'Jun', 'Lei', 'Yan', 'Mei', 'Ling', 'Xiaoming', 'Yifan', 'Zihan', 'Jiahui', 'Tao', 'Kai', 'Qian', 'Ruoxi', 'Shu', 'Jasmine', 'Kevin', 'Vivian'],
    last: ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Wu', 'Zhou', 'Xu', 'Sun', 'Ma', 'Zhu', 'Hu', 'Guo', 'He', 'Lin', 'Gao', 'Luo', 'Tan', 'Lim', 'Ng', 'Lee', 'Ong', 'Chan', 'Wong'],
  },
  japanese: {
    first: ['Haruto', 'Yuto', 'Sota', 'Ren', 'Hiroshi', 'Takeshi', 'Kenji', 'Daiki', 'Kaito', 'Yui', 'Aoi', 'Sakura', 'Hina', 'Yuki', 'Akiko', 'Naoko', 'Emi', 'Rin', 'Shota', 'Kōji'],
    last: ['Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Ito', 'Yamamoto', 'Nakamura', 'Kobayashi', 'Kato', 'Yoshida', 'Yamada', 'Sasaki', 'Yamaguchi', 'Matsumoto', 'Inoue', 'Kimura', 'Hayashi', 'Shimizu', 'Mori'],
  },
  korean: {
    first: ['Min-jun', 'Seo-yeon', 'Ji-ho', 'Ha-eun', 'Do-yun', 'Seo-jun', 'Ji-woo', 'Soo-ah', 'Hyun-woo', 'Ye-jin', 'Jae-won', 'Eun-ji', 'Sung-min', 'Yu-na'],
    last: ['Kim', 'Lee', 'Park', 'Choi', 'Jung', 'Kang', 'Cho', 'Yoon', 'Jang', 'Lim', 'Han', 'Oh', 'Seo', 'Shin'],
  },
  african: {
    first: ['Chinedu', 'Ngozi', 'Oluwaseun', 'Adaeze', 'Emeka', 'Funmilayo', 'Tunde', 'Kwame', 'Ama', 'Kofi', 'Akosua', 'Wanjiru', 'Achieng', 'Otieno', 'Thabo', 'Naledi', 'Sipho', 'Lerato', 'Zanele', 'Amara', 'Ifeoma', 'Yaw'],
    last: ['Okafor', 'Adeyemi', 'Okonkwo', 'Balogun', 'Eze', 'Nwosu', 'Mensah', 'Owusu', 'Boateng', 'Asante', 'Mwangi', 'Kamau', 'Wanjiku', 'Odhiambo', 'Ndlovu', 'Dlamini', 'Nkosi', 'Mokoena', 'Khumalo', 'Adebayo'],
  },
  arabic: {
    first: ['Omar', 'Ahmed', 'Youssef', 'Karim', 'Khalid', 'Hassan', 'Tariq', 'Rami', 'Nadia', 'Layla', 'Fatima', 'Yasmin', 'Salma', 'Mariam', 'Rania', 'Hala', 'Samir', 'Amir', 'Leila', 'Zainab', 'Nour', 'Mehdi'],
    last: ['Hassan', 'Ali', 'Mahmoud', 'Ibrahim', 'Haddad', 'Khoury', 'Nasser', 'Saleh', 'Aziz', 'Farouk', 'Mansour', 'El-Amin', 'Hamdan', 'Said', 'Rahman', 'Qasim', 'Barakat', 'Yousef', 'Othman', 'Benjelloun', 'Alaoui'],
  },
  turkish: {
    first: ['Emre', 'Burak', 'Mehmet', 'Mustafa', 'Can', 'Kerem', 'Elif', 'Zeynep', 'Ayşe', 'Merve', 'Selin', 'Deniz', 'Ece', 'Büşra', 'Oğuz', 'Cem'],
    last: ['Yılmaz', 'Kaya', 'Demir', 'Şahin', 'Çelik', 'Yıldız', 'Yıldırım', 'Öztürk', 'Aydın', 'Özdemir', 'Arslan', 'Doğan', 'Kılıç', 'Aslan', 'Çetin', 'Koç'],
  },
  southeastAsian: {
    first: ['Minh', 'Anh', 'Linh', 'Tuan', 'Huong', 'Thao', 'Duc', 'Quang', 'Putri', 'Budi', 'Dewi', 'Agus', 'Rizky', 'Siti', 'Andi', 'Maria', 'Jose', 'Paolo', 'Kamal', 'Nurul', 'Somchai', 'Niran', 'Ploy'],
    last: ['Nguyen', 'Tran', 'Le', 'Pham', 'Hoang', 'Vu', 'Dang', 'Bui', 'Santoso', 'Wijaya', 'Hidayat', 'Saputra', 'Pratama', 'Reyes', 'Cruz', 'Bautista', 'Dela Cruz', 'Ramos', 'Abdullah', 'Ismail', 'Srisai', 'Chaiyaporn'],
  },
} as const satisfies Record<string, NameRegion>;

export type NameRegionKey = keyof typeof NAME_REGIONS;

export const NAME_REGION_KEYS = Object.keys(NAME_REGIONS) as NameRegionKey[];
